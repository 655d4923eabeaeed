// The small classic datasets, from the CSV files scikit-learn ships (see data/README.md):
// iris, the 8×8 digits and Wisconsin breast cancer, loaded synchronously in a few ms.
import { checkOptions } from "../tensor/options.js";
import { tensorFromValues } from "../tensor/engine.js";
import type { Tensor } from "../tensor/tensor.js";
import { readDataFile } from "./files.js";

/** A labelled classification dataset: features, integer class labels and their names. */
export interface ClassificationData {
  /** float32 [samples, features] (or [samples, 8, 8] for digits with `images`). */
  x: Tensor;
  /** int32 [samples], class indices into classNames. */
  y: Tensor;
  classNames: string[];
  featureNames: string[];
}

/** Parses sklearn's CSV layout: numeric rows, the class index last. */
function parseRows(text: string, skipHeader: boolean): { features: Float32Array; labels: Int32Array; rows: number; columns: number } {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const body = skipHeader ? lines.slice(1) : lines;
  const columns = body[0]!.split(",").length - 1;
  const features = new Float32Array(body.length * columns);
  const labels = new Int32Array(body.length);
  body.forEach((line, i) => {
    const cells = line.split(",");
    for (let j = 0; j < columns; j++) features[i * columns + j] = Number(cells[j]);
    labels[i] = Number(cells[columns]);
  });
  return { features, labels, rows: body.length, columns };
}

function load(file: string, skipHeader: boolean, classNames: string[], featureNames: string[], shape?: (rows: number) => number[]): ClassificationData {
  const { features, labels, rows, columns } = parseRows(readDataFile(file).toString("utf8"), skipHeader);
  return {
    x: tensorFromValues(features, shape ? shape(rows) : [rows, columns], "float32"),
    y: tensorFromValues(labels, [rows], "int32"),
    classNames,
    featureNames,
  };
}

/**
 * Fisher's iris flowers: 150 samples, 4 measurements in cm, 3 species (50 each).
 * @example
 * const { x, y, classNames } = loadIris(); // x float32 [150, 4], y int32 [150], ["setosa", "versicolor", "virginica"]
 */
export function loadIris(): ClassificationData {
  return load("iris.csv", true, ["setosa", "versicolor", "virginica"], ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]);
}

/**
 * The 8×8 handwritten digits (UCI optdigits test set, as in scikit-learn): 1797 images,
 * pixel values 0–16 (divide by 16 to scale), 10 classes. `images: true` gives [1797, 8, 8].
 * @example
 * const { x, y } = loadDigits();                 // x float32 [1797, 64], y int32 [1797]
 * const { x: images } = loadDigits({ images: true }); // [1797, 8, 8]
 */
export function loadDigits(options: { images?: boolean } = {}): ClassificationData {
  checkOptions("loadDigits", options, ["images"]);
  const featureNames = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);
  const classNames = Array.from({ length: 10 }, (_, i) => String(i));
  return load("digits.csv.gz", false, classNames, featureNames, options.images ? (rows) => [rows, 8, 8] : undefined);
}

const CANCER_MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"];

/**
 * Wisconsin diagnostic breast cancer: 569 tumours, 30 features of their cell nuclei (mean,
 * standard error and worst of 10 measures), binary label 0 = malignant (212), 1 = benign (357).
 * Features span very different scales: a lesson in standardising inputs.
 * @example
 * const { x, y, featureNames } = loadBreastCancer(); // x float32 [569, 30], y int32 [569]
 */
export function loadBreastCancer(): ClassificationData {
  const featureNames = [...CANCER_MEASURES.map((m) => `mean ${m}`), ...CANCER_MEASURES.map((m) => `${m} error`), ...CANCER_MEASURES.map((m) => `worst ${m}`)];
  return load("breast_cancer.csv.gz", true, ["malignant", "benign"], featureNames);
}
