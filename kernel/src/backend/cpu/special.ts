// Special functions the CPU kernels need and Math lacks, accurate to a few ulps in float64.

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

/** erf for |x| < 2 from the all-positive series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc for x ≥ 1.5 (where it converges in under 100 steps) from its continued fraction (Abramowitz & Stegun 7.1.14), evaluated by Lentz's method. */
function erfcFraction(x: number): number {
  if (x > 27) return 0; // below the smallest float64
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) < 2) return erfSeries(x);
  return x > 0 ? 1 - erfcFraction(x) : erfcFraction(-x) - 1;
}

/**
 * The complementary error function 1 − erf(x), without the cancellation of computing it that way for large x.
 * @example erfc(5) // 1.5374597944280351e-12
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= 1.5) return erfcFraction(x);
  if (x <= -1.5) return 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}

/**
 * Logistic sigmoid; both branches avoid overflow, as exp only ever sees a non-positive argument.
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * Rounds half to even (banker's rounding), like NumPy and TF.
 * @example [0.5, 1.5, 2.5].map(roundHalfEven) // [0, 2, 2]
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v); // rounds half up
  // r − v is exact here; a tie rounded up to an odd number goes back down.
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
