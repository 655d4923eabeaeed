// cast between float32, int32 and bool (bytes 0/1) as the reference's typed-array stores do:
// float32 → int32 is JavaScript's ToInt32 (truncate toward zero, wrap modulo 2³², NaN and ±∞ to 0),
// int32 → float32 rounds to nearest, anything → bool is `!= 0` (NaN included).

export const FLOAT32 = 0, INT32 = 1, BOOL = 2;

// @ts-ignore: decorator
@inline function read(dtype: i32, x: usize, i: usize): f64 {
  if (dtype == FLOAT32) return <f64>load<f32>(x + (i << 2));
  if (dtype == INT32) return <f64>load<i32>(x + (i << 2));
  return <f64>load<u8>(x + i);
}

// @ts-ignore: decorator
@inline function toInt32(v: f64): i32 {
  // fmod keeps finite values exact and within ±2³², where the conversion cannot trap; NaN and ±∞ give NaN.
  const wrapped = v % 4294967296.0;
  return wrapped != wrapped ? 0 : <i32><i64>wrapped;
}

// @ts-ignore: decorator
@inline function castLoop(from: i32, to: i32, x: usize, out: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    const v = read(from, x, i);
    if (to == FLOAT32) store<f32>(out + (i << 2), <f32>v);
    else if (to == INT32) store<i32>(out + (i << 2), toInt32(v));
    else store<u8>(out + i, v != 0 ? 1 : 0);
  }
}

/** out = x converted from dtype `from` to dtype `to` (FLOAT32, INT32 or BOOL) over n elements. */
export function cast(from: i32, to: i32, x: usize, out: usize, n: usize): void {
  // One loop specialised per pair (the branches on the constants fold away).
  if (from == FLOAT32) {
    if (to == INT32) castLoop(FLOAT32, INT32, x, out, n);
    else castLoop(FLOAT32, BOOL, x, out, n);
  } else if (from == INT32) {
    if (to == FLOAT32) castLoop(INT32, FLOAT32, x, out, n);
    else castLoop(INT32, BOOL, x, out, n);
  } else if (to == FLOAT32) castLoop(BOOL, FLOAT32, x, out, n);
  else castLoop(BOOL, INT32, x, out, n);
}
