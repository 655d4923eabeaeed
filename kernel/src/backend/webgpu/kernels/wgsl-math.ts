/**
 * WGSL functions the elementwise expressions share (all f32). They follow the CPU kernels'
 * definitions: expm1 and log1p stay accurate near 0, pow handles negative bases with
 * integer exponents, floor division and modulo follow NumPy, erf is Abramowitz–Stegun 7.1.26.
 */
export const WGSL_MATH = /* wgsl */ `
// Private variables, not constants: a constant expression may not evaluate to ∞ or NaN.
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn expm1_(x: f32) -> f32 { return select(exp(x) - 1.0, x + 0.5 * x * x + x * x * x / 6.0, abs(x) < 1e-3); }
fn log1p_(x: f32) -> f32 { return select(log(1.0 + x), x - 0.5 * x * x + x * x * x / 3.0, abs(x) < 1e-3); }
fn sigmoid_(x: f32) -> f32 { let e = exp(-abs(x)); return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0); }
fn erf_(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
  return sign(x) * y;
}
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a == 0.0) { return select(select(0.0, bitcast<f32>(INF_BITS), b < 0.0), 0.0, b > 0.0); }
  if (a > 0.0) { return exp2(b * log2(a)); }
  if (b != round(b)) { return bitcast<f32>(NAN_BITS); }
  let m = exp2(b * log2(-a));
  return select(m, -m, abs(b % 2.0) == 1.0);
}
fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0) { return select(select(0, select(-1, 1, b % 2 == 0), a == -1), 1, a == 1); }
  var result = 1; var base = a; var e = b;
  loop { if (e <= 0) { break; } if (e % 2 == 1) { result = result * base; } base = base * base; e = e / 2; }
  return result;
}
fn fmod_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return bitcast<f32>(NAN_BITS); }
  var m = a - b * trunc(a / b);
  if (m != 0.0) { if ((b < 0.0) != (m < 0.0)) { m += b; } } else { m = select(0.0, -0.0, b < 0.0); }
  return m;
}
fn floordiv_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return a / b; }
  let m = a - b * trunc(a / b);
  var d = (a - m) / b;
  if (m != 0.0 && ((b < 0.0) != (m < 0.0))) { d -= 1.0; }
  let f = floor(d);
  return select(f, f + 1.0, d - f > 0.5);
}
fn ifloordiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}
fn imod_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let r = a % b;
  return select(r, r + b, r != 0 && ((b < 0) != (r < 0)));
}
`;
