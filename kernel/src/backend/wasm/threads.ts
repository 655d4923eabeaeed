import { Worker } from "node:worker_threads";
import { CONTROL, workerMain, type WorkerData } from "./worker-main.js";
import { GradbookError } from "../../tensor/errors.js";

/** Spins of an idle thread before it sleeps (~0.1 ms): the gap between two ops of a training step is shorter. */
const SPINS = 20000;

/**
 * Worker threads that run kernels over one shared WebAssembly memory. `run` cuts a job into
 * shares that the calling thread and whichever workers are awake claim one at a time, so a
 * worker that is asleep or descheduled (a busy machine, another process on the core) never
 * holds the caller up: it finds the job done and closed. Workers start on first use and
 * are unref'd, so they never keep Node alive.
 * @example pool.run("adamUpdate", [w, g, m, v, ...], 4) // adamUpdate(..., share, 4) for shares 0…3
 */
export class ThreadPool {
  private readonly control = new SharedArrayBuffer(CONTROL.argsByteOffset + 8 * CONTROL.maxArgs);
  private readonly words = new Int32Array(this.control);
  private readonly args = new Float64Array(this.control, CONTROL.argsByteOffset, CONTROL.maxArgs);
  private readonly workers: Worker[] = [];
  private readonly names: string[];
  /** Each export's index in `names` (what a worker calls it by). */
  private readonly indices: Map<string, number>;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly exports: WebAssembly.Exports,
    /** Threads in all, the calling one included. */
    readonly size: number,
  ) {
    this.names = WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name);
    this.indices = new Map(this.names.map((name, i) => [name, i]));
    this.words[CONTROL.joined] = CONTROL.closed; // no job to join yet
  }

  private start(): void {
    for (let tid = 1; tid < this.size; tid++) {
      const workerData: WorkerData = { module: this.module, memory: this.memory, control: this.control, names: this.names, spins: SPINS, layout: CONTROL };
      // tsx (the tests run the sources) names functions with an `__name` helper the eval'd copy lacks;
      // the worker needs no loader of the parent's (execArgv).
      const worker = new Worker(`var __name = (f) => f; (${workerMain})(require)`, { eval: true, workerData, execArgv: [] });
      worker.unref();
      this.workers.push(worker);
    }
    // Block until every worker has its instance (once, ~50 ms), so the first jobs are shared too.
    for (let ready; (ready = Atomics.load(this.words, CONTROL.ready)) < this.size - 1; ) Atomics.wait(this.words, CONTROL.ready, ready, 1000);
  }

  /** A job published with runDetached that the calling thread has not finished yet. */
  private detached: { name: string; args: readonly number[]; shares: number; after: (() => void)[] } | undefined;

  /**
   * Calls `exports[name](...args, share, shares)` once for each share in [0, shares),
   * spread over the threads; the shares must be independent of each other. On a pool of
   * one thread, or for one share, it calls `(...args, 0, 1)`: the whole job as one share.
   * A detached job still open is finished first (the pool runs one job at a time).
   */
  run(name: string, args: readonly number[], shares: number): void {
    if (this.size <= 1 || shares <= 1) return (this.exports[name] as (...values: number[]) => void)(...args, 0, 1);
    this.join();
    this.publish(name, args, shares);
    this.finish(name, args, shares);
  }

  /**
   * Like `run`, but returns once the job is published: the workers start on its shares
   * while the caller goes on with work that neither writes the job's inputs nor touches its
   * outputs, then calls `join()`, which claims the shares left and waits for the rest (graph
   * mode overlaps a large product with the small ops that do not depend on it). Returns
   * false, having run nothing, where there is no worker to hand the job to.
   * @example if (!pool.runDetached("gemm", args, 4)) pool.run("gemm", args, 4); smallOps(); pool.join();
   */
  runDetached(name: string, args: readonly number[], shares: number): boolean {
    if (this.size <= 1 || shares <= 1) return false;
    this.join();
    this.publish(name, args, shares);
    this.detached = { name, args: [...args], shares, after: [] };
    return true;
  }

  /** Whether a job published with runDetached is still open (so memory it reads must wait for join). */
  get detaching(): boolean {
    return this.detached !== undefined;
  }

  /** Runs `fn` once the detached job (if any) is finished: the freeing of memory that job still reads. */
  afterDetached(fn: () => void): void {
    if (this.detached) this.detached.after.push(fn);
    else fn();
  }

  /** Finishes the detached job, if any: claims its remaining shares, waits for the workers, runs what waited for it. */
  join(): void {
    const job = this.detached;
    if (!job) return;
    this.detached = undefined;
    try {
      this.finish(job.name, job.args, job.shares);
    } finally {
      for (const fn of job.after) fn();
    }
  }

  /** Writes a job into the control words and wakes the workers for it. */
  private publish(name: string, args: readonly number[], shares: number): void {
    if (this.workers.length === 0) this.start();
    const words = this.words;
    this.args.set(args);
    words[CONTROL.fn] = this.indices.get(name)!;
    words[CONTROL.args] = args.length;
    words[CONTROL.shares] = shares;
    words[CONTROL.next] = 0;
    words[CONTROL.done] = 0;
    Atomics.store(words, CONTROL.joined, 0); // open: the job's words above are in place
    Atomics.add(words, CONTROL.generation, 1);
    Atomics.notify(words, CONTROL.generation, shares);
  }

  /** Claims the job's shares left on this thread, closes it and waits for the workers that joined it. */
  private finish(name: string, args: readonly number[], shares: number): void {
    const kernel = this.exports[name] as (...values: number[]) => void;
    const words = this.words;
    for (let share; (share = Atomics.add(words, CONTROL.next, 1)) < shares; ) kernel(...args, share, shares);
    // Every share is claimed: close the job and wait only for the workers that joined it.
    const joined = Atomics.add(words, CONTROL.joined, CONTROL.closed);
    for (let spin = 0, done; (done = Atomics.load(words, CONTROL.done)) < joined; spin++) {
      if (spin > SPINS) Atomics.wait(words, CONTROL.done, done, 10);
    }
    if (Atomics.exchange(words, CONTROL.error, 0)) throw new GradbookError(`the WebAssembly kernel ${name} failed on a worker thread`);
  }

  /** Stops the workers (a later run starts new ones). */
  dispose(): void {
    this.join();
    for (const worker of this.workers.splice(0)) void worker.terminate();
    Atomics.store(this.words, CONTROL.ready, 0);
  }
}
