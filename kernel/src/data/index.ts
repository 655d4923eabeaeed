// Datasets and loaders: splits, the Dataset pipeline, bundled and synthetic data, IDX files
// and the 2-D test functions of the optimizer notebooks.
export { trainTestSplit, trainValTestSplit, type SplitOptions, type Split, type NamedSplit, type ThreeWaySplitOptions, type ThreeWaySplit } from "./split.js";
export { Dataset, isDataset, type XYBatch, type Batched, type BatchOptions, type ShuffleOptions } from "./dataset.js";
export { loadIris, loadDigits, loadBreastCancer, type ClassificationData } from "./tabular.js";
export { loadMnist, loadFashionMnist, type ImageDatasetOptions, type ImageData } from "./mnist.js";
export { readIdx, readIdxFile, parseIdx, encodeIdx, writeIdx, type IdxData, type IdxType } from "./idx.js";
export { makeMoons, makeCircles, makeBlobs, makeSpirals, makeRegression, makePolynomial, makeSine, type SyntheticData, type NoiseOptions } from "./synthetic.js";
export { rosenbrock, beale, saddle, ravine, rotatedRavine, himmelblau, testFunctions, type TestFunction, type PlaneFunction } from "./test-functions.js";
export { dataDirectory } from "./files.js";
