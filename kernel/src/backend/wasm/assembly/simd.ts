// The one place that differs between the two builds: relaxed SIMD's fused multiply-add
// where the runtime has it, a multiply and an add otherwise. ASC_FEATURE_RELAXED_SIMD is a
// compile-time constant, so each build keeps only one branch.

/** c + a·b on four float32 lanes (fused, with one rounding, in the relaxed build). */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
