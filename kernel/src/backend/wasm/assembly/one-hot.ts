// oneHot: int32 class indices to float32 rows of `depth`, as the reference does (an index
// outside 0 … depth − 1 gives a row of offValue).

/** out[i, j] = indices[i] == j ? on : off for n indices. */
export function oneHot(indices: usize, out: usize, n: i32, depth: i32, on: f32, off: f32): void {
  const fill = f32x4.splat(off);
  const total = <usize>n * depth;
  let i: usize = 0;
  for (; i + 4 <= total; i += 4) v128.store(out + (i << 2), fill);
  for (; i < total; i++) store<f32>(out + (i << 2), off);
  for (let row = 0; row < n; row++) {
    const index = load<i32>(indices + (<usize>row << 2));
    if (index >= 0 && index < depth) store<f32>(out + ((<usize>row * depth + index) << 2), on);
  }
}
