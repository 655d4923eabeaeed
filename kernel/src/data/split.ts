// Train/test splits with scikit-learn's semantics (train_test_split, ShuffleSplit,
// StratifiedShuffleSplit): the same sizes, rounding and class allocation.
import { ArgumentError } from "../tensor/errors.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import { deriveSeed, resolveSeed, SeededRandom } from "./random.js";
import { checkSameRows, labelKeys, rowCount, takeRows, type RowSource } from "./rows.js";

export interface SplitOptions {
  /** A fraction in (0, 1) (rounded up) or a number of samples; 0.25 when neither size is given. */
  testSize?: number;
  /** A fraction (rounded down) or a number of samples; by default what the test set leaves. */
  trainSize?: number;
  /** Shuffle before splitting (default true). Without shuffling the test set is the tail. */
  shuffle?: boolean;
  /** Seed of the shuffle: the same seed gives the same split. */
  seed?: number;
  /** Class labels to keep in proportion in both parts (`true` means y). */
  stratify?: RowSource | boolean;
}

/** The parts by name: `const { xTrain, yTest } = trainTestSplit(x, y)`. */
export interface NamedSplit<X, Y> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
  /** Which rows of the input went to each part, in their order there. */
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * trainTestSplit's result: a list in scikit-learn's order (`[xTrain, xTest, yTrain, yTest]`,
 * or `[xTrain, xTest]` without y) that also has the parts as named fields.
 */
export type Split<X, Y> = (undefined extends Y ? [xTrain: X, xTest: X] : [xTrain: X, xTest: X, yTrain: Y, yTest: Y]) & NamedSplit<X, Y>;

/** Number of samples a size option asks for, with sklearn's rounding. */
function resolveCount(where: string, name: string, size: number, n: number, roundUp: boolean): number {
  if (!Number.isFinite(size) || size <= 0) throw new ArgumentError(`${where}: ${name} must be a fraction in (0, 1) or a positive number of samples, got ${size}`);
  if (size < 1) return roundUp ? Math.ceil(size * n) : Math.floor(size * n);
  if (!Number.isInteger(size)) throw new ArgumentError(`${where}: ${name} = ${size} is above 1, so it must be a whole number of samples`);
  if (size > n) throw new ArgumentError(`${where}: ${name} = ${size} is more than the ${n} samples there are`);
  return size;
}

/** Train and test counts from the options, exactly as sklearn's _validate_shuffle_split. */
export function splitSizes(where: string, n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  const nTest = testSize === undefined ? undefined : resolveCount(where, "testSize", testSize, n, true);
  const nTrain = trainSize === undefined ? undefined : resolveCount(where, "trainSize", trainSize, n, false);
  const train = nTrain ?? n - nTest!;
  const test = nTest ?? n - nTrain!;
  if (train + test > n) throw new ArgumentError(`${where}: trainSize + testSize ask for ${train} + ${test} samples but there are only ${n}`);
  if (train === 0) throw new ArgumentError(`${where}: with ${n} samples and testSize ${testSize}, the training set would be empty; use a smaller testSize`);
  if (test === 0) throw new ArgumentError(`${where}: with ${n} samples and testSize ${testSize}, the test set would be empty; use a larger testSize`);
  return [train, test];
}

/**
 * Splits `draws` among classes in proportion to `counts`, leftover samples going to the
 * classes with the largest remainders (ties broken at random): sklearn's _approximate_mode.
 */
function approximateMode(counts: number[], draws: number, random: SeededRandom): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c * draws) / total);
  const floored = continuous.map(Math.floor);
  let needed = draws - floored.reduce((a, b) => a + b, 0);
  if (needed > 0) {
    const remainders = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainders)].sort((a, b) => b - a);
    for (const value of values) {
      const tied = random.shuffle(remainders.flatMap((r, i) => (r === value ? [i] : [])));
      const now = Math.min(tied.length, needed);
      for (const i of tied.slice(0, now)) floored[i]!++;
      needed -= now;
      if (needed === 0) break;
    }
  }
  return floored;
}

/** Index sets for a stratified shuffled split (StratifiedShuffleSplit's algorithm). */
function stratifiedIndices(where: string, keys: (string | number)[], nTrain: number, nTest: number, random: SeededRandom): [Int32Array, Int32Array] {
  const classes = new Map<string | number, number[]>();
  keys.forEach((key, i) => {
    let members = classes.get(key);
    if (!members) classes.set(key, (members = []));
    members.push(i);
  });
  // Classes in sorted order, like np.unique, so the allocation does not depend on row order.
  const sorted = [...classes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const counts = sorted.map(([, members]) => members.length);
  const lonely = sorted.find(([, members]) => members.length < 2);
  if (lonely) throw new ArgumentError(`${where}: class ${JSON.stringify(lonely[0])} has only 1 sample; stratifying needs at least 2 per class (drop it, or split without stratify)`);
  if (nTrain < sorted.length) throw new ArgumentError(`${where}: the training set (${nTrain} samples) is smaller than the number of classes (${sorted.length}); use a smaller testSize`);
  if (nTest < sorted.length) throw new ArgumentError(`${where}: the test set (${nTest} samples) is smaller than the number of classes (${sorted.length}); use a larger testSize`);
  const trainPerClass = approximateMode(counts, nTrain, random);
  const testPerClass = approximateMode(counts.map((c, i) => c - trainPerClass[i]!), nTest, random);
  const train: number[] = [];
  const test: number[] = [];
  sorted.forEach(([, members], k) => {
    const order = random.shuffle([...members]);
    train.push(...order.slice(0, trainPerClass[k]));
    test.push(...order.slice(trainPerClass[k], trainPerClass[k]! + testPerClass[k]!));
  });
  return [random.shuffle(Int32Array.from(train)), random.shuffle(Int32Array.from(test))];
}

/** The train and test row indices for `n` samples: the core of trainTestSplit. */
export function splitIndices(where: string, n: number, options: SplitOptions, labels?: RowSource): [Int32Array, Int32Array] {
  const [nTrain, nTest] = splitSizes(where, n, options.testSize, options.trainSize);
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    if (labels !== undefined) throw new ArgumentError(`${where}: stratify needs shuffle: true (a stratified split picks samples at random)`);
    const train = Int32Array.from({ length: nTrain }, (_, i) => i);
    const test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
    return [train, test];
  }
  const random = new SeededRandom(resolveSeed(where, options.seed));
  if (labels !== undefined) {
    const keys = labelKeys(where, labels);
    if (keys.length !== n) throw new ArgumentError(`${where}: stratify has ${keys.length} labels but x has ${n} samples`);
    return stratifiedIndices(where, keys, nTrain, nTest, random);
  }
  const order = random.permutation(n);
  return [order.slice(nTest, nTest + nTrain), order.slice(0, nTest)];
}

function stratifyLabels(where: string, stratify: SplitOptions["stratify"], y: RowSource | undefined): RowSource | undefined {
  if (stratify === undefined || stratify === false) return undefined;
  if (stratify === true) {
    if (y === undefined) throw new ArgumentError(`${where}: stratify: true means "by y", but no y was given; pass the labels as stratify`);
    return y;
  }
  return stratify;
}

const splitOptionNames = optionNames<SplitOptions>({ testSize: true, trainSize: true, shuffle: true, seed: true, stratify: true });

/**
 * Splits samples into a training and a test part, like scikit-learn's train_test_split:
 * tensors are split along axis 0, plain and typed arrays by element, and each part keeps
 * the kind of its input. A stratified split keeps every class's share in both parts. The
 * result destructures as a list in scikit-learn's order or by name.
 * @example
 * const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 0.2, seed: 0 }); // as in sklearn
 * const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 0.2, seed: 0, stratify: true });
 * const { xTrain: a, xTest: b } = trainTestSplit([1, 2, 3, 4], undefined, { testSize: 1, shuffle: false }); // [1, 2, 3], [4]
 */
export function trainTestSplit<X extends RowSource, Y extends RowSource | undefined = undefined>(x: X, y?: Y, options: SplitOptions = {}): Split<X, Y> {
  const where = "trainTestSplit";
  checkOptions(where, options, splitOptionNames);
  const n = rowCount(where, x);
  const labels = stratifyLabels(where, options.stratify, y);
  checkSameRows(where, n, { y, stratify: labels });
  const [trainIndices, testIndices] = splitIndices(where, n, options, labels);
  const named: NamedSplit<X, Y> = {
    xTrain: takeRows(x, trainIndices),
    xTest: takeRows(x, testIndices),
    yTrain: (y === undefined ? undefined : takeRows(y, trainIndices)) as Y,
    yTest: (y === undefined ? undefined : takeRows(y, testIndices)) as Y,
    trainIndices,
    testIndices,
  };
  const list = y === undefined ? [named.xTrain, named.xTest] : [named.xTrain, named.xTest, named.yTrain, named.yTest];
  return Object.assign(list, named) as unknown as Split<X, Y>;
}

export interface ThreeWaySplitOptions extends Omit<SplitOptions, "trainSize"> {
  /** Fraction (rounded up) or number of samples for validation; default 0.15. */
  validationSize?: number;
  /** Fraction (rounded up) or number of samples for the test set; default 0.15. */
  testSize?: number;
}

export interface ThreeWaySplit<X, Y> {
  xTrain: X;
  yTrain: Y;
  xValidation: X;
  yValidation: Y;
  xTest: X;
  yTest: Y;
  trainIndices: Int32Array;
  validationIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * The lecture's three-way split: train on the first part, choose hyperparameters on the
 * validation part, and report once on the test part. Sizes are fractions of all samples.
 * @example
 * const s = trainValTestSplit(x, y, { validationSize: 0.2, testSize: 0.2, seed: 1, stratify: true });
 * s.xTrain.shape[0] // 60% of the samples
 */
export function trainValTestSplit<X extends RowSource, Y extends RowSource | undefined = undefined>(x: X, y?: Y, options: ThreeWaySplitOptions = {}): ThreeWaySplit<X, Y> {
  const where = "trainValTestSplit";
  checkOptions(where, options, optionNames<ThreeWaySplitOptions>({ validationSize: true, testSize: true, shuffle: true, seed: true, stratify: true }));
  const n = rowCount(where, x);
  const labels = stratifyLabels(where, options.stratify, y);
  checkSameRows(where, n, { y, stratify: labels });
  const nTest = resolveCount(where, "testSize", options.testSize ?? 0.15, n, true);
  const nValidation = resolveCount(where, "validationSize", options.validationSize ?? 0.15, n, true);
  if (nTest + nValidation >= n) throw new ArgumentError(`${where}: validation (${nValidation}) and test (${nTest}) samples leave nothing of the ${n} to train on`);
  const seed = options.shuffle === false ? undefined : resolveSeed(where, options.seed);
  const [rest, testIndices] = splitIndices(where, n, { ...options, testSize: nTest, trainSize: undefined, seed }, labels);
  const restLabels = labels === undefined ? undefined : takeRows(labels, rest);
  const restOptions = { ...options, testSize: nValidation, trainSize: undefined, seed: seed === undefined ? undefined : deriveSeed(seed, 1) };
  const [trainLocal, validationLocal] = splitIndices(where, rest.length, restOptions, restLabels);
  const trainIndices = trainLocal.map((i) => rest[i]!);
  const validationIndices = validationLocal.map((i) => rest[i]!);
  const part = <S extends RowSource | undefined>(s: S, indices: Int32Array): S => (s === undefined ? s : takeRows(s as RowSource, indices) as S);
  return {
    xTrain: part(x, trainIndices),
    yTrain: part(y, trainIndices) as Y,
    xValidation: part(x, validationIndices),
    yValidation: part(y, validationIndices) as Y,
    xTest: part(x, testIndices),
    yTest: part(y, testIndices) as Y,
    trainIndices,
    validationIndices,
    testIndices,
  };
}
