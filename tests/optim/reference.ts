// Independent float64 implementations of the reference formulas in
// shared/reference/keras-semantics.md, on plain number arrays: the oracle for optimizer tests.

export type Hyper = Record<string, number | boolean | undefined>;

export interface ReferenceOptimizer {
  step(w: number[], g: number[], lr: number): number[];
}

const zeros = (n: number) => new Array<number>(n).fill(0);

/** A reference optimizer by Keras name, with the same defaults as the reference. */
export function referenceOptimizer(name: string, h: Hyper, size: number): ReferenceOptimizer {
  let t = 0;
  const num = (key: string, fallback: number) => (h[key] as number | undefined) ?? fallback;
  switch (name) {
    case "sgd": {
      const mu = num("momentum", 0);
      const m = zeros(size);
      return {
        step(w, g, lr) {
          return w.map((wi, i) => {
            if (mu === 0) return wi - lr * g[i]!;
            m[i] = mu * m[i]! - lr * g[i]!;
            return h.nesterov ? wi + mu * m[i]! - lr * g[i]! : wi + m[i]!;
          });
        },
      };
    }
    case "adagrad": {
      const eps = num("epsilon", 1e-7);
      const a = new Array<number>(size).fill(num("initialAccumulatorValue", 0.1));
      return { step: (w, g, lr) => w.map((wi, i) => ((a[i]! += g[i]! ** 2), wi - (lr * g[i]!) / Math.sqrt(a[i]! + eps))) };
    }
    case "adadelta": {
      const rho = num("rho", 0.95);
      const eps = num("epsilon", 1e-7);
      const eg = zeros(size);
      const ex = zeros(size);
      return {
        step: (w, g, lr) =>
          w.map((wi, i) => {
            eg[i] = rho * eg[i]! + (1 - rho) * g[i]! ** 2;
            const delta = (-Math.sqrt(ex[i]! + eps) / Math.sqrt(eg[i]! + eps)) * g[i]!;
            ex[i] = rho * ex[i]! + (1 - rho) * delta ** 2;
            return wi + lr * delta;
          }),
      };
    }
    case "rmsprop": {
      const rho = num("rho", 0.9);
      const mu = num("momentum", 0);
      const eps = num("epsilon", 1e-7);
      const v = zeros(size);
      const mg = zeros(size);
      const mom = zeros(size);
      return {
        step: (w, g, lr) =>
          w.map((wi, i) => {
            v[i] = rho * v[i]! + (1 - rho) * g[i]! ** 2;
            let den = v[i]! + eps;
            if (h.centered) {
              mg[i] = rho * mg[i]! + (1 - rho) * g[i]!;
              den = v[i]! - mg[i]! ** 2 + eps;
            }
            const inc = (lr * g[i]!) / Math.sqrt(den);
            if (mu > 0) {
              mom[i] = mu * mom[i]! + inc;
              return wi - mom[i]!;
            }
            return wi - inc;
          }),
      };
    }
    case "adam":
    case "adamw": {
      const b1 = num("beta1", 0.9);
      const b2 = num("beta2", 0.999);
      const eps = num("epsilon", 1e-7);
      const wd = name === "adamw" ? num("weightDecay", 0.004) : num("weightDecay", 0);
      const m = zeros(size);
      const v = zeros(size);
      const vhat = zeros(size);
      return {
        step(w, g, lr) {
          const k = ++t;
          const alpha = (lr * Math.sqrt(1 - b2 ** k)) / (1 - b1 ** k);
          return w.map((w0, i) => {
            const wi = w0 - w0 * wd * lr;
            m[i]! += (g[i]! - m[i]!) * (1 - b1);
            v[i]! += (g[i]! ** 2 - v[i]!) * (1 - b2);
            vhat[i] = Math.max(vhat[i]!, v[i]!);
            return wi - (alpha * m[i]!) / (Math.sqrt(h.amsgrad ? vhat[i]! : v[i]!) + eps);
          });
        },
      };
    }
    case "nadam": {
      const b1 = num("beta1", 0.9);
      const b2 = num("beta2", 0.999);
      const eps = num("epsilon", 1e-7);
      const m = zeros(size);
      const v = zeros(size);
      let product = 1;
      const u = (k: number) => b1 * (1 - 0.5 * 0.96 ** k);
      return {
        step(w, g, lr) {
          const k = ++t;
          product *= u(k);
          return w.map((wi, i) => {
            m[i]! += (g[i]! - m[i]!) * (1 - b1);
            v[i]! += (g[i]! ** 2 - v[i]!) * (1 - b2);
            const mHat = (u(k + 1) * m[i]!) / (1 - product * u(k + 1)) + ((1 - u(k)) * g[i]!) / (1 - product);
            const vHat = v[i]! / (1 - b2 ** k);
            return wi - (lr * mHat) / (Math.sqrt(vHat) + eps);
          });
        },
      };
    }
    default:
      throw new Error(`no reference for ${name}`);
  }
}

/** The golden protocol's gradients: one step of 0.01 everywhere, then four of [0.1, …, 1.0]. */
export function goldenGradients(size = 10): number[][] {
  const ramp = Array.from({ length: size }, (_, i) => (i + 1) / 10);
  return [new Array<number>(size).fill(0.01), ramp, ramp, ramp, ramp];
}
