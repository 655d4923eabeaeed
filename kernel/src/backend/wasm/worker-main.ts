/** Where the pool's control words live in its SharedArrayBuffer (Int32 indices). */
export const CONTROL = { generation: 0, done: 1, fn: 2, threads: 3, ready: 4, error: 5, args: 6, argsByteOffset: 64, maxArgs: 24 } as const;

/** What a worker is given at start. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly names: readonly string[];
  readonly tid: number;
  readonly spins: number;
  readonly layout: typeof CONTROL;
}

/**
 * The body of a kernel worker. It runs as an eval'd CommonJS script (so the same source
 * works from kernel/src under tsx and from kernel/dist): it must not refer to anything
 * outside itself, and gets `require` as its argument. Each job is the export
 * `names[fn]` called with the job's arguments plus (tid, threads); between jobs the
 * worker spins for a while (waking it from Atomics.wait costs ~20 µs) and then sleeps.
 * @example new Worker(`(${workerMain})(require)`, { eval: true, workerData })
 */
export function workerMain(require: (id: string) => any): void {
  const { workerData } = require("node:worker_threads") as { workerData: WorkerData };
  const { module, memory, control, names, tid, spins, layout } = workerData;
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error("abort"); } } });
  const functions = names.map((name) => instance.exports[name] as (...args: number[]) => void);
  const words = new Int32Array(control);
  const args = new Float64Array(control, layout.argsByteOffset, layout.maxArgs);
  let seen = Atomics.load(words, layout.generation);
  Atomics.add(words, layout.ready, 1);
  Atomics.notify(words, layout.ready);
  for (;;) {
    for (let spin = 0; Atomics.load(words, layout.generation) === seen; spin++) {
      if (spin > spins) Atomics.wait(words, layout.generation, seen);
    }
    seen = Atomics.load(words, layout.generation);
    const threads = words[layout.threads]!;
    if (tid >= threads) continue;
    try {
      functions[words[layout.fn]!]!(...Array.from(args.subarray(0, words[layout.args]!)), tid, threads);
    } catch {
      Atomics.store(words, layout.error, 1);
    }
    Atomics.add(words, layout.done, 1);
    Atomics.notify(words, layout.done);
  }
}
