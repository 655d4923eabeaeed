import { Worker } from "node:worker_threads";
import { CONTROL, workerMain, type WorkerData } from "./worker-main.js";
import { GradbookError } from "../../tensor/errors.js";

/** Spins of an idle thread before it sleeps (~50 µs): the gap between two ops of a training step is shorter. */
const SPINS = 20000;

/**
 * Worker threads that run kernels over one shared WebAssembly memory. `run` calls an
 * exported kernel on every thread at once (the calling thread takes share 0) and returns
 * when all are done. Workers start on first use and are unref'd, so they never keep
 * Node alive.
 * @example pool.run("gemm", [a, b, c, m, n, k, ...]) // gemm(..., tid, threads) on each thread
 */
export class ThreadPool {
  private readonly control = new SharedArrayBuffer(CONTROL.argsByteOffset + 8 * CONTROL.maxArgs);
  private readonly words = new Int32Array(this.control);
  private readonly args = new Float64Array(this.control, CONTROL.argsByteOffset, CONTROL.maxArgs);
  private readonly workers: Worker[] = [];
  private readonly names: string[];

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly exports: WebAssembly.Exports,
    /** Threads in all, the calling one included. */
    readonly size: number,
  ) {
    this.names = WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name);
  }

  private start(): void {
    for (let tid = 1; tid < this.size; tid++) {
      const workerData: WorkerData = { module: this.module, memory: this.memory, control: this.control, names: this.names, tid, spins: SPINS, layout: CONTROL };
      // tsx (the tests run the sources) names functions with an `__name` helper the eval'd copy lacks;
      // the worker needs no loader of the parent's (execArgv).
      const worker = new Worker(`var __name = (f) => f; (${workerMain})(require)`, { eval: true, workerData, execArgv: [] });
      worker.unref();
      this.workers.push(worker);
    }
    // Block until every worker has its instance (once, ~50 ms): jobs assume all threads are there.
    for (let ready; (ready = Atomics.load(this.words, CONTROL.ready)) < this.size - 1; ) Atomics.wait(this.words, CONTROL.ready, ready, 1000);
  }

  /** Calls `exports[name](...args, tid, threads)` on `threads` threads (this one is tid 0). */
  run(name: string, args: readonly number[], threads = this.size): void {
    const kernel = this.exports[name] as (...values: number[]) => void;
    if (threads <= 1) return kernel(...args, 0, 1);
    if (this.workers.length === 0) this.start();
    const fn = this.names.indexOf(name);
    this.args.set(args);
    this.words[CONTROL.fn] = fn;
    this.words[CONTROL.args] = args.length;
    this.words[CONTROL.threads] = threads;
    Atomics.store(this.words, CONTROL.done, 0);
    Atomics.add(this.words, CONTROL.generation, 1);
    Atomics.notify(this.words, CONTROL.generation);
    kernel(...args, 0, threads);
    for (let spin = 0, done; (done = Atomics.load(this.words, CONTROL.done)) < threads - 1; spin++) {
      if (spin > SPINS) Atomics.wait(this.words, CONTROL.done, done, 10);
    }
    if (Atomics.exchange(this.words, CONTROL.error, 0)) throw new GradbookError(`the WebAssembly kernel ${name} failed on a worker thread`);
  }

  /** Stops the workers (a later run starts new ones). */
  dispose(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
    Atomics.store(this.words, CONTROL.ready, 0);
  }
}
