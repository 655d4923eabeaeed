/**
 * Where the pool's control words live in its SharedArrayBuffer (Int32 indices; args are
 * Float64 from argsByteOffset). A job is cut into `shares` independent parts that threads
 * claim one at a time from `next`; `joined` counts the workers that took part, and the
 * calling thread closes it (adds CLOSED) once every share is claimed, so a worker that
 * wakes late finds the job closed and leaves it alone.
 */
export const CONTROL = { generation: 0, done: 1, fn: 2, shares: 3, ready: 4, error: 5, args: 6, next: 7, joined: 8, closed: 1 << 24, argsByteOffset: 64, maxArgs: 24 } as const;

/** What a worker is given at start. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly names: readonly string[];
  readonly spins: number;
  readonly layout: typeof CONTROL;
}

/**
 * The body of a kernel worker. It runs as an eval'd CommonJS script (so the same source
 * works from kernel/src under tsx and from kernel/dist): it must not refer to anything
 * outside itself, and gets `require` as its argument. For each job it joins (unless the
 * job is already closed), claims shares and calls the export `names[fn]` with the job's
 * arguments plus (share, shares); between jobs it spins for a while (waking it from
 * Atomics.wait costs tens of µs) and then sleeps.
 * @example new Worker(`(${workerMain})(require)`, { eval: true, workerData })
 */
export function workerMain(require: (id: string) => any): void {
  const { workerData } = require("node:worker_threads") as { workerData: WorkerData };
  const { module, memory, control, names, spins, layout } = workerData;
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
    // The job's words are written before `joined` opens, so a worker that joins reads the job it joined.
    if (Atomics.add(words, layout.joined, 1) >= layout.closed) continue;
    const shares = words[layout.shares]!;
    const kernel = functions[words[layout.fn]!]!;
    const values = Array.from(args.subarray(0, words[layout.args]!));
    try {
      for (let share; (share = Atomics.add(words, layout.next, 1)) < shares; ) kernel(...values, share, shares);
    } catch {
      Atomics.store(words, layout.error, 1);
    }
    Atomics.add(words, layout.done, 1);
    Atomics.notify(words, layout.done);
  }
}
