// A reusable barrier over shared memory for the threads of one parallel kernel: the
// last thread to arrive resets the count and bumps the generation; the others spin a
// little (waking a sleeping thread costs ~20 µs) and then sleep on the generation.
// Layout at `ptr`: [count: i32, generation: i32].

const SPINS = 20000;

/** Blocks until all `threads` threads have called barrier(ptr, threads). */
export function barrier(ptr: usize, threads: i32): void {
  if (threads <= 1) return;
  const generation = atomic.load<i32>(ptr, 4);
  if (atomic.add<i32>(ptr, 1) == threads - 1) {
    atomic.store<i32>(ptr, 0);
    atomic.store<i32>(ptr, generation + 1, 4);
    atomic.notify(ptr + 4);
    return;
  }
  for (let spin = 0; spin < SPINS; spin++) if (atomic.load<i32>(ptr, 4) != generation) return;
  while (atomic.load<i32>(ptr, 4) == generation) atomic.wait<i32>(ptr + 4, generation, 1000000);
}
