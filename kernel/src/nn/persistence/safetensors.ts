/**
 * The safetensors format (https://github.com/huggingface/safetensors), read and written
 * byte for byte as the reference implementation does:
 *
 * ```
 * [8 bytes]  N, the header length: unsigned 64-bit little-endian
 * [N bytes]  the header: UTF-8 JSON starting with "{", padded with spaces (0x20) so that
 *            8 + N is a multiple of 8:
 *            { "__metadata__": { "key": "string value", … },            (optional)
 *              "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, … }
 * [rest]     the byte buffer: every tensor's elements, row-major, little-endian;
 *            data_offsets count from the start of this buffer (not of the file).
 * ```
 *
 * The buffer is exactly covered by the tensors (no holes, no overlaps). The writer orders
 * the tensors as the reference does (by dtype, widest first, then by name), which aligns
 * every tensor to its element size. The reader checks all of the above and throws a
 * SafetensorsError that says what is wrong.
 */
import { GradbookError } from "../../tensor/errors.js";
import type { DType } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { tensor } from "../../tensor/convert.js";

/** The safetensors dtypes gradbook reads and writes. */
export type SafetensorsDType = "F64" | "F32" | "I32" | "U8" | "BOOL";

/** One tensor in a safetensors file: its dtype, shape and elements (row-major). */
export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  data: Float64Array | Float32Array | Int32Array | Uint8Array;
}

/** The contents of a safetensors file. */
export interface SafetensorsContents {
  /** The tensors, in the order of their bytes in the file. */
  tensors: Map<string, SafetensorsEntry>;
  /** The `__metadata__` string map (empty when the file has none). */
  metadata: Record<string, string>;
}

/** A safetensors file that cannot be read or written; the message says why. */
export class SafetensorsError extends GradbookError {}

/** The largest header the reference implementation accepts (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

const DTYPES: Record<SafetensorsDType, { size: number; rank: number; array: new (n: number) => SafetensorsEntry["data"] }> = {
  // rank: the reference's dtype order (the writer sorts widest first: F64, F32, I32, U8, BOOL).
  BOOL: { size: 1, rank: 0, array: Uint8Array },
  U8: { size: 1, rank: 1, array: Uint8Array },
  I32: { size: 4, rank: 9, array: Int32Array },
  F32: { size: 4, rank: 11, array: Float32Array },
  F64: { size: 8, rank: 12, array: Float64Array },
};

/** dtypes of the safetensors spec that gradbook does not read (named in the error). */
const OTHER_SPEC_DTYPES = ["I8", "I16", "U16", "F16", "BF16", "U32", "I64", "U64", "F8_E5M2", "F8_E4M3"];

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isSafetensorsDType(value: unknown): value is SafetensorsDType {
  return typeof value === "string" && Object.hasOwn(DTYPES, value);
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The bytes of a typed array, little-endian, as a fresh array. */
function littleEndianBytes(data: SafetensorsEntry["data"]): Uint8Array {
  const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (!littleEndianHost && data.BYTES_PER_ELEMENT > 1) swapBytes(bytes, data.BYTES_PER_ELEMENT);
  return bytes;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

function compareNames(a: string, b: string): number {
  // Byte-wise UTF-8 order, as the reference implementation (Rust strings) sorts.
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Encodes tensors (and optional string metadata) as a safetensors file.
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) } });
 * // bytes: 8-byte length, '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}' padded to 8, then 1 and 2 as float32
 */
export function encodeSafetensors(tensors: Readonly<Record<string, SafetensorsEntry>> | ReadonlyMap<string, SafetensorsEntry>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const entries: [string, SafetensorsEntry][] = tensors instanceof Map ? [...(tensors as ReadonlyMap<string, SafetensorsEntry>)] : Object.entries(tensors as Record<string, SafetensorsEntry>);
  for (const [name, entry] of entries) {
    if (name === "__metadata__") throw new SafetensorsError(`safetensors: a tensor cannot be named "__metadata__" (the key is reserved for metadata)`);
    if (!isSafetensorsDType(entry?.dtype)) throw new SafetensorsError(`safetensors: tensor "${name}" has dtype ${JSON.stringify(entry?.dtype)}; gradbook writes ${Object.keys(DTYPES).join(", ")}`);
    if (!Array.isArray(entry.shape) || entry.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new SafetensorsError(`safetensors: tensor "${name}" has shape ${JSON.stringify(entry.shape)}; a shape is a list of non-negative integers`);
    const expected = DTYPES[entry.dtype].array;
    if (!(entry.data instanceof expected)) throw new SafetensorsError(`safetensors: tensor "${name}" is ${entry.dtype}, so its data must be a ${expected.name}, got ${entry.data?.constructor?.name ?? typeof entry.data}`);
    if (entry.data.length !== elementCount(entry.shape)) throw new SafetensorsError(`safetensors: tensor "${name}" has shape [${entry.shape.join(", ")}] (${elementCount(entry.shape)} elements) but ${entry.data.length} values`);
    if (entry.dtype === "BOOL" && entry.data.some((v) => v > 1)) throw new SafetensorsError(`safetensors: tensor "${name}" is BOOL, so its bytes must be 0 or 1`);
  }
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) if (typeof value !== "string") throw new SafetensorsError(`safetensors: metadata values must be strings; "${key}" is ${typeof value}`);
  }
  entries.sort(([an, a], [bn, b]) => DTYPES[b.dtype].rank - DTYPES[a.dtype].rank || compareNames(an, bn));

  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = { ...metadata };
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, entry] of entries) {
    const bytes = littleEndianBytes(entry.data);
    define(header, name, { dtype: entry.dtype, shape: [...entry.shape], data_offsets: [offset, offset + bytes.length] });
    offset += bytes.length;
    chunks.push(bytes);
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Sets an own property, even one named "__proto__" (a legal tensor or metadata name). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Decodes a safetensors file, checking its structure; `source` names the file in errors.
 * @example decodeSafetensors(readFileSync("weights.safetensors")).tensors.get("dense/kernel")
 */
export function decodeSafetensors(bytes: Uint8Array, source = "safetensors data"): SafetensorsContents {
  if (bytes.length < 8) throw new SafetensorsError(`${source} is not a valid safetensors file: it is ${bytes.length} byte(s) long, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsError(`${source} is not a valid safetensors file: the header length is ${declared} bytes, more than the ${MAX_HEADER_BYTES} allowed (the file is corrupt or not a safetensors file)`);
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) throw new SafetensorsError(`${source} is not a valid safetensors file: the header length is ${headerLength} bytes but only ${bytes.length - 8} bytes follow it (the file is truncated or not a safetensors file)`);
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  if (headerBytes[0] !== 0x7b) throw new SafetensorsError(`${source} is not a valid safetensors file: the header must be JSON starting with "{"`);
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError(`${source} is not a valid safetensors file: the header is not valid UTF-8`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`${source} is not a valid safetensors file: the header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError(`${source} is not a valid safetensors file: the header must be a JSON object`);
  const buffer = bytes.subarray(8 + headerLength);

  const metadata: Record<string, string> = {};
  const found: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (!isPlainObject(info)) throw new SafetensorsError(`${source} is not a valid safetensors file: "__metadata__" must be an object of strings`);
      for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
        if (typeof value !== "string") throw new SafetensorsError(`${source} is not a valid safetensors file: "__metadata__" values must be strings; "${key}" is ${JSON.stringify(value)}`);
        define(metadata, key, value);
      }
      continue;
    }
    if (!isPlainObject(info)) throw new SafetensorsError(`${source} is not a valid safetensors file: the entry of tensor "${name}" must be an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (!isSafetensorsDType(dtype)) {
      throw new SafetensorsError(
        OTHER_SPEC_DTYPES.includes(dtype as string)
          ? `${source} is not a valid safetensors file: tensor "${name}" has dtype ${dtype}, which gradbook does not read (it reads ${Object.keys(DTYPES).join(", ")})`
          : `${source} is not a valid safetensors file: tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}`,
      );
    }
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${name}" has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || offsets.some((o) => !Number.isSafeInteger(o) || (o as number) < 0)) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end], two non-negative integers`);
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${name}" has data_offsets [${begin}, ${end}]; the end comes before the begin`);
    const size = DTYPES[dtype as SafetensorsDType].size;
    const expected = elementCount(shape as number[]) * size;
    if (end - begin !== expected) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${name}" (${dtype}, shape [${(shape as number[]).join(", ")}]) needs ${expected} bytes but its data_offsets [${begin}, ${end}] span ${end - begin}`);
    found.push({ name, dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end });
  }

  // The tensors must cover the byte buffer exactly: no holes, no overlaps, nothing after.
  found.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const t of found) {
    if (t.begin < covered) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${t.name}" (bytes ${t.begin}..${t.end}) overlaps the tensor before it (which ends at ${covered})`);
    if (t.begin > covered) throw new SafetensorsError(`${source} is not a valid safetensors file: the bytes ${covered}..${t.begin} of the data belong to no tensor (a hole before "${t.name}")`);
    covered = t.end;
  }
  if (covered > buffer.length) throw new SafetensorsError(`${source} is not a valid safetensors file: the tensors need ${covered} bytes of data but the file has ${buffer.length} (it is truncated)`);
  if (covered < buffer.length) throw new SafetensorsError(`${source} is not a valid safetensors file: the file has ${buffer.length - covered} byte(s) of data after the last tensor`);

  const tensors = new Map<string, SafetensorsEntry>();
  for (const t of found) {
    const { size } = DTYPES[t.dtype];
    // A copy into a fresh buffer: aligned for its dtype, and independent of the file's bytes (a Node Buffer may share a pool).
    const raw = new Uint8Array(t.end - t.begin);
    raw.set(buffer.subarray(t.begin, t.end));
    if (!littleEndianHost && size > 1) swapBytes(raw, size);
    const data = t.dtype === "F64" ? new Float64Array(raw.buffer) : t.dtype === "F32" ? new Float32Array(raw.buffer) : t.dtype === "I32" ? new Int32Array(raw.buffer) : raw;
    if (t.dtype === "BOOL") {
      const bad = (data as Uint8Array).findIndex((v) => v > 1);
      if (bad >= 0) throw new SafetensorsError(`${source} is not a valid safetensors file: tensor "${t.name}" is BOOL but element ${bad} is the byte ${(data as Uint8Array)[bad]} (booleans are 0 or 1)`);
    }
    tensors.set(t.name, { dtype: t.dtype, shape: [...t.shape], data });
  }
  return { tensors, metadata };
}

const TO_SAFETENSORS: Record<DType, SafetensorsDType> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };

/**
 * A tensor as a safetensors entry (float32 → F32, float64 → F64, int32 → I32, bool → BOOL).
 * @internal used by the safetensors writers; completion does not offer it.
 * @example tensorToEntry(tensor([1, 2])) // { dtype: "F32", shape: [2], data: Float32Array [1, 2] }
 */
export function tensorToEntry(t: Tensor): SafetensorsEntry {
  const dtype = TO_SAFETENSORS[t.dtype];
  const source = t.dataSync() as SafetensorsEntry["data"];
  const data = new DTYPES[dtype].array(source.length);
  data.set(source as never);
  return { dtype, shape: [...t.shape], data };
}

/**
 * A safetensors entry as a tensor (F32 → float32, F64 → float64, I32 → int32, BOOL → bool,
 * U8 → int32).
 * @internal used by the safetensors readers; completion does not offer it.
 * @example entryToTensor({ dtype: "F64", shape: [1], data: new Float64Array([0.5]) }).dtype // "float64"
 */
export function entryToTensor(entry: SafetensorsEntry): Tensor {
  const dtype: DType = entry.dtype === "F32" ? "float32" : entry.dtype === "F64" ? "float64" : entry.dtype === "BOOL" ? "bool" : "int32";
  return tensor(entry.data, { shape: entry.shape, dtype });
}

/**
 * Encodes named tensors as safetensors bytes.
 * @example writeFileSync("w.safetensors", tensorsToSafetensors({ w: tensor([1, 2]) }, { note: "hi" }))
 */
export function tensorsToSafetensors(tensors: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, t] of tensors instanceof Map ? tensors : Object.entries(tensors as Record<string, Tensor>)) {
    if (!(t instanceof Tensor)) throw new SafetensorsError(`safetensors: "${name}" is not a tensor`);
    entries.set(name, tensorToEntry(t));
  }
  return encodeSafetensors(entries, metadata);
}

/**
 * Decodes safetensors bytes into named tensors (in file order) and the metadata.
 * @example safetensorsToTensors(readFileSync("w.safetensors")).tensors.get("w")
 */
export function safetensorsToTensors(bytes: Uint8Array, source?: string): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  const contents = decodeSafetensors(bytes, source);
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of contents.tensors) tensors.set(name, entryToTensor(entry));
  return { tensors, metadata: contents.metadata };
}
