// Graph mode's fused classifier loss (tensor/ops/graph-only/softmax-cross-entropy-op.ts):
// log-softmax, sparse cross-entropy and its gradient row by row, each exp computed once (in
// float64, as softmax and logSoftmax here compute them) and kept in `exps` for the gradient.

/**
 * For each row r of z (rows × cols floats) with label labels[r] (int32) and upstream gradient
 * g (shaped like z): loss[r] = −Σⱼ tⱼ·lsⱼ with ls the row's log-softmax as `softmax` computes
 * it and t the label's one-hot row (summed in float32 as products, so a NaN anywhere spreads),
 * and dz = g·t − p·Σⱼ gⱼtⱼ with p the row's softmax. `exps` holds cols float64s.
 */
export function softmaxCrossEntropy(z: usize, labels: usize, g: usize, loss: usize, dz: usize, rows: i32, cols: i32, exps: usize): void {
  for (let r = 0; r < rows; r++) {
    const offset = (<usize>r * cols) << 2;
    const row = z + offset;
    const label = load<i32>(labels + (<usize>r << 2));
    let top: f64 = -Infinity;
    for (let c = 0; c < cols; c++) {
      const v = <f64>load<f32>(row + (<usize>c << 2));
      if (v > top || v != v) top = v;
    }
    let sum: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(<f64>load<f32>(row + (<usize>c << 2)) - top);
      store<f64>(exps + (<usize>c << 3), e);
      sum += e;
    }
    const shift = top + Math.log(sum);
    let picked: f32 = 0; // Σ t·ls
    let scale: f32 = 0; // Σ g·t
    for (let c = 0; c < cols; c++) {
      const hot: f32 = c == label ? 1 : 0;
      picked += hot * <f32>(<f64>load<f32>(row + (<usize>c << 2)) - shift);
      scale += load<f32>(g + offset + (<usize>c << 2)) * hot;
    }
    store<f32>(loss + (<usize>r << 2), -picked);
    for (let c = 0; c < cols; c++) {
      const at = offset + (<usize>c << 2);
      const hot: f32 = c == label ? 1 : 0;
      store<f32>(dz + at, load<f32>(g + at) * hot - <f32>(load<f64>(exps + (<usize>c << 3)) / sum) * scale);
    }
  }
}
