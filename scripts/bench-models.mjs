// The two training workloads every benchmark measures, defined once so the CPU, graph and
// peer benchmarks time the same models: an MLP 784-256-128-10 and a small CNN on 28×28×1.

/** MLP 784-256-128-10 (logits). @example const model = benchMlp(gb) */
export function benchMlp(gb) {
  return gb.sequential([
    new gb.Dense({ units: 256, activation: "relu", inputShape: [784] }),
    new gb.Dense({ units: 128, activation: "relu" }),
    new gb.Dense({ units: 10 }),
  ]);
}

/** conv32-pool-conv64-pool-dense128-dense10 (logits). @example const model = benchCnn(gb) */
export function benchCnn(gb) {
  return gb.sequential([
    new gb.Conv2D({ filters: 32, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }),
    new gb.MaxPooling2D({ poolSize: 2 }),
    new gb.Conv2D({ filters: 64, kernelSize: 3, activation: "relu" }),
    new gb.MaxPooling2D({ poolSize: 2 }),
    new gb.Flatten(),
    new gb.Dense({ units: 128, activation: "relu" }),
    new gb.Dense({ units: 10 }),
  ]);
}
