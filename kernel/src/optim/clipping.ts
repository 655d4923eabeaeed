import { ArgumentError } from "../tensor/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { clip, sqrt, square } from "../tensor/ops/index.js";

/** The gradient-clipping options every optimizer takes (at most one). */
export interface ClippingConfig {
  /** Per tensor: g · c / max(‖g‖, c). */
  clipnorm?: number;
  /** All gradients scaled by c / max(global norm, c). */
  globalClipnorm?: number;
  /** Elementwise clip(g, −v, v). */
  clipvalue?: number;
}

/**
 * ‖g‖₂ of one tensor, as a scalar tensor.
 * @example l2Norm(tensor([3, 4])).item() // 5
 */
export function l2Norm(g: Tensor): Tensor {
  return sqrt(square(g).sum());
}

/**
 * The global norm sqrt(Σ‖gᵢ‖²) of a list of gradients.
 * @example globalNorm([tensor([3]), tensor([4])]).item() // 5
 */
export function globalNorm(grads: readonly Tensor[]): Tensor {
  return sqrt(grads.map((g) => square(g).sum()).reduce((a, b) => a.add(b)));
}

/**
 * Scales `g` so its norm is at most `maxNorm`.
 * @example clipByNorm(tensor([3, 4]), 1).arraySync() // [0.6, 0.8]
 */
export function clipByNorm(g: Tensor, maxNorm: number): Tensor {
  return g.mul(maxNorm).div(l2Norm(g).maximum(maxNorm));
}

/**
 * Scales all gradients by one factor so their global norm is at most `maxNorm`.
 * @example clipByGlobalNorm([tensor([3]), tensor([4])], 1) // [[0.6], [0.8]]
 */
export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): Tensor[] {
  const scale = globalNorm(grads).maximum(maxNorm).reciprocal().mul(maxNorm);
  return grads.map((g) => g.mul(scale.cast(g.dtype)));
}

/** Checks that at most one clipping kind is set, with a positive value. */
export function checkClippingConfig({ clipnorm, globalClipnorm, clipvalue }: ClippingConfig): void {
  const chosen = [clipnorm, globalClipnorm, clipvalue].filter((v) => v !== undefined);
  if (chosen.length > 1) throw new ArgumentError("optimizer: set at most one of clipnorm, globalClipnorm and clipvalue");
  for (const [name, value] of Object.entries({ clipnorm, globalClipnorm, clipvalue })) {
    if (value !== undefined && !(value > 0)) throw new ArgumentError(`optimizer: ${name} must be a positive number, got ${value}`);
  }
}

/** Applies the configured clipping (at most one kind). */
export function clipGradients(grads: readonly Tensor[], config: ClippingConfig): Tensor[] {
  const { clipnorm, globalClipnorm, clipvalue } = config;
  if (clipnorm !== undefined) return grads.map((g) => clipByNorm(g, clipnorm));
  if (globalClipnorm !== undefined) return clipByGlobalNorm(grads, globalClipnorm);
  if (clipvalue !== undefined) return grads.map((g) => clip(g, -clipvalue, clipvalue));
  return [...grads];
}
