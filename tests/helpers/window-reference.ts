// Reference padding arithmetic for the conv and pooling tests, written from TF's docs
// (no code shared with the library's window.ts).

/** Padding of a 2-D window: [top, bottom, left, right]. */
export type Pads4 = [number, number, number, number];

/** TF's "same" padding of one axis, from the formula in the TF docs. */
export function tfSame(size: number, window: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}
