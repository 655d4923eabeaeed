// The IDX format of the original MNIST files: a 4-byte magic (two zero bytes, a type code,
// the number of dimensions), one big-endian uint32 per dimension, then the values, big-endian.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { DType, TypedArray } from "../tensor/dtype.js";
import { tensorFromValues } from "../tensor/engine.js";
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/** IDX element types, by their type code. */
const TYPES: Record<number, { name: IdxType; bytes: number; dtype: DType; read: (view: DataView, offset: number) => number }> = {
  0x08: { name: "uint8", bytes: 1, dtype: "int32", read: (v, o) => v.getUint8(o) },
  0x09: { name: "int8", bytes: 1, dtype: "int32", read: (v, o) => v.getInt8(o) },
  0x0b: { name: "int16", bytes: 2, dtype: "int32", read: (v, o) => v.getInt16(o) },
  0x0c: { name: "int32", bytes: 4, dtype: "int32", read: (v, o) => v.getInt32(o) },
  0x0d: { name: "float32", bytes: 4, dtype: "float32", read: (v, o) => v.getFloat32(o) },
  0x0e: { name: "float64", bytes: 8, dtype: "float64", read: (v, o) => v.getFloat64(o) },
};

export type IdxType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The contents of an IDX file: shape, element type and values (integers widened to Int32Array). */
export interface IdxData {
  shape: number[];
  type: IdxType;
  values: TypedArray;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes IDX bytes (gunzipping them first when they are gzipped).
 * @example parseIdx(readFileSync("t10k-labels-idx1-ubyte")).shape // [10000]
 */
export function parseIdx(data: Uint8Array, where = "parseIdx"): IdxData {
  const bytes = isGzip(data) ? new Uint8Array(gunzipSync(data)) : data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new GradbookError(`${where}: not an IDX file (it should start with two zero bytes, found ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ")})`);
  }
  const type = TYPES[bytes[2]!];
  if (!type) throw new GradbookError(`${where}: unknown IDX type code 0x${bytes[2]!.toString(16)}; expected 0x08 (uint8), 0x09, 0x0b, 0x0c, 0x0d or 0x0e`);
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new GradbookError(`${where}: the file ends inside its header (${bytes.length} bytes for ${rank} dimensions)`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = sizeOf(shape);
  const expected = headerBytes + size * type.bytes;
  if (bytes.length < expected) throw new GradbookError(`${where}: shape [${shape.join(", ")}] needs ${expected} bytes but the file has ${bytes.length}; is it truncated?`);
  let values: TypedArray;
  if (type.name === "uint8") values = Int32Array.from(bytes.subarray(headerBytes, headerBytes + size));
  else {
    values = type.dtype === "float64" ? new Float64Array(size) : type.dtype === "float32" ? new Float32Array(size) : new Int32Array(size);
    for (let i = 0, offset = headerBytes; i < size; i++, offset += type.bytes) values[i] = type.read(view, offset);
  }
  return { shape, type: type.name, values };
}

/**
 * Reads an IDX file (the format of the original MNIST and Fashion-MNIST files), gzipped
 * or not, as a tensor: integer types give int32, float types float32/float64. When `path`
 * is missing, `path + ".gz"` is tried too.
 * @example
 * const images = readIdx("/data/mnist/train-images-idx3-ubyte.gz"); // int32 [60000, 28, 28]
 * const labels = readIdx("/data/mnist/train-labels-idx1-ubyte");    // int32 [60000]
 */
export function readIdx(path: string): Tensor {
  const data = readIdxFile(path);
  return tensorFromValues(data.values, data.shape, data.values instanceof Int32Array ? "int32" : data.values instanceof Float64Array ? "float64" : "float32");
}

/**
 * Like readIdx, but returns the decoded values without making a tensor.
 * @example readIdxFile("mnist/train-labels-idx1-ubyte.gz").shape // [60000]
 */
export function readIdxFile(path: string): IdxData {
  const found = locateFile(path);
  if (!found) {
    throw new GradbookError(
      // One opening per case, so each message translates whole.
      (path.endsWith(".gz") ? `readIdx: no file at ${resolve(path)}. ` : `readIdx: no file at ${resolve(path)} (nor ${resolve(path)}.gz). `) +
        "Check the path (relative paths start at the notebook's folder, " +
        `${process.cwd()}), or get the original MNIST / Fashion-MNIST files (e.g. train-images-idx3-ubyte.gz) ` +
        "and pass their path; loadMnist() and loadFashionMnist() work without any download.",
    );
  }
  return parseIdx(readFileSync(found), `readIdx(${JSON.stringify(path)})`);
}

/** The path itself, else the path with ".gz", else undefined. */
export function locateFile(path: string): string | undefined {
  if (existsSync(path)) return path;
  if (!path.endsWith(".gz") && existsSync(`${path}.gz`)) return `${path}.gz`;
  return undefined;
}

const CODES: Record<IdxType, number> = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e };

/**
 * Encodes values as IDX bytes (big-endian), the inverse of parseIdx.
 * @example encodeIdx({ shape: [2], type: "uint8", values: Int32Array.of(3, 7) }) // 00 00 08 01 00 00 00 02 03 07
 */
export function encodeIdx(data: IdxData): Uint8Array {
  const code = CODES[data.type];
  if (code === undefined) throw new ArgumentError(`writeIdx: unknown IDX type ${JSON.stringify(data.type)}; expected one of ${Object.keys(CODES).join(", ")}`);
  const type = TYPES[code]!;
  const size = sizeOf(data.shape);
  if (size !== data.values.length) throw new ArgumentError(`writeIdx: shape [${data.shape.join(", ")}] holds ${size} values but ${data.values.length} were given`);
  const headerBytes = 4 + 4 * data.shape.length;
  const bytes = new Uint8Array(headerBytes + size * type.bytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = data.shape.length;
  data.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const setters: Record<IdxType, (offset: number, value: number) => void> = {
    uint8: (o, v) => view.setUint8(o, v),
    int8: (o, v) => view.setInt8(o, v),
    int16: (o, v) => view.setInt16(o, v),
    int32: (o, v) => view.setInt32(o, v),
    float32: (o, v) => view.setFloat32(o, v),
    float64: (o, v) => view.setFloat64(o, v),
  };
  const set = setters[data.type];
  for (let i = 0, offset = headerBytes; i < size; i++, offset += type.bytes) set(offset, data.values[i]!);
  return bytes;
}

/**
 * Writes a tensor as an IDX file, gzipped when the path ends in ".gz". The type defaults
 * to the tensor's dtype (int32, float32, float64); pass "uint8" for MNIST-style images.
 * @example writeIdx("labels-idx1-ubyte.gz", labels, "uint8")
 */
export function writeIdx(path: string, t: Tensor, type: IdxType = t.dtype === "float64" ? "float64" : t.dtype === "float32" ? "float32" : "int32"): void {
  const bytes = encodeIdx({ shape: [...t.shape], type, values: t.dataSync() });
  writeFileSync(path, path.endsWith(".gz") ? gzipSync(bytes) : bytes);
}
