// The safetensors reader and writer: byte-level known answers (built by hand here, and one
// produced by the reference implementation), round trips, alignment, and corrupt files.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeSafetensors, decodeSafetensors, tensorsToSafetensors, safetensorsToTensors, SafetensorsError, tensor, type SafetensorsEntry } from "../../../kernel/src/index.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** 8-byte little-endian length + header padded with spaces to a multiple of 8 + data bytes. */
function fileOf(header: string, data: number[], pad = true): Uint8Array {
  const json = utf8(header);
  const length = pad ? Math.ceil(json.length / 8) * 8 : json.length;
  const out = new Uint8Array(8 + length + data.length);
  let n = length;
  for (let i = 0; i < 8; i++, n = Math.floor(n / 256)) out[i] = n % 256;
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + length);
  out.set(data, 8 + length);
  return out;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

test("encode: a hand-built file — F32 before I32, header padded with spaces to 8 bytes, little-endian data", () => {
  const bytes = encodeSafetensors({
    a: { dtype: "I32", shape: [], data: new Int32Array([7]) },
    b: { dtype: "F32", shape: [2], data: new Float32Array([1, -2]) },
  });
  const header = '{"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"I32","shape":[],"data_offsets":[8,12]}}';
  assert.equal(header.length, 107); // → padded to 112
  // 1.0f = 0x3f800000, -2.0f = 0xc0000000, 7 = 0x00000007, each little-endian.
  const expected = fileOf(header, [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x07, 0x00, 0x00, 0x00]);
  assert.equal(hex(bytes.subarray(0, 8)), "7000000000000000");
  assert.equal(hex(bytes), hex(expected));
});

// Produced by the reference implementation (Python safetensors 0.8.0, safetensors.numpy.save) for
// x F64 [1] = [0.5]; e F32 [0, 2]; w F32 [1, 3] = [[1, -2, 3.25]]; i I32 [] = 7; u U8 [2] = [255, 3];
// m BOOL [3] = [true, false, true]; metadata { k: "v" }.
const REFERENCE_HEX =
  "68010000000000007b225f5f6d657461646174615f5f223a7b226b223a2276227d2c2278223a7b226474797065223a22463634222c227368617065223a5b315d2c22646174615f6f666673657473223a5b302c385d7d2c2265223a7b226474797065223a22463332222c227368617065223a5b302c325d2c22646174615f6f666673657473223a5b382c385d7d2c2277223a7b226474797065223a22463332222c227368617065223a5b312c335d2c22646174615f6f666673657473223a5b382c32305d7d2c2269223a7b226474797065223a22493332222c227368617065223a5b5d2c22646174615f6f666673657473223a5b32302c32345d7d2c2275223a7b226474797065223a225538222c227368617065223a5b325d2c22646174615f6f666673657473223a5b32342c32365d7d2c226d223a7b226474797065223a22424f4f4c222c227368617065223a5b335d2c22646174615f6f666673657473223a5b32362c32395d7d7d202020202020000000000000e03f0000803f000000c00000504007000000ff03010001";

const referenceEntries: Record<string, SafetensorsEntry> = {
  m: { dtype: "BOOL", shape: [3], data: new Uint8Array([1, 0, 1]) },
  u: { dtype: "U8", shape: [2], data: new Uint8Array([255, 3]) },
  i: { dtype: "I32", shape: [], data: new Int32Array([7]) },
  w: { dtype: "F32", shape: [1, 3], data: new Float32Array([1, -2, 3.25]) },
  e: { dtype: "F32", shape: [0, 2], data: new Float32Array(0) },
  x: { dtype: "F64", shape: [1], data: new Float64Array([0.5]) },
};

test("encode: byte-identical to the reference implementation (every dtype, empty and scalar tensors, metadata)", () => {
  assert.equal(hex(encodeSafetensors(referenceEntries, { k: "v" })), REFERENCE_HEX);
});

test("decode: the reference file gives the tensors and metadata back", () => {
  const { tensors, metadata } = decodeSafetensors(Buffer.from(REFERENCE_HEX, "hex"));
  assert.deepEqual(metadata, { k: "v" });
  assert.deepEqual([...tensors.keys()], ["x", "e", "w", "i", "u", "m"]); // file order
  for (const [name, expected] of Object.entries(referenceEntries)) {
    const got = tensors.get(name)!;
    assert.equal(got.dtype, expected.dtype, name);
    assert.deepEqual(got.shape, expected.shape, name);
    assert.equal(got.data.constructor, expected.data.constructor, name);
    assert.deepEqual([...got.data], [...expected.data], name);
  }
});

test("decode: a hand-built file with unpadded header, whitespace, keys out of byte order", () => {
  // Bytes: b (I32 [1] = -1) at 0..4, a (F64 [] = -0.25) at 4..12: not aligned, which readers must accept.
  const header = '{ "a": {"dtype": "F64", "shape": [], "data_offsets": [4, 12]},\n "b": {"dtype":"I32","shape":[1],"data_offsets":[0,4]} }';
  const file = fileOf(header, [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0xd0, 0xbf], false);
  const { tensors, metadata } = decodeSafetensors(file);
  assert.deepEqual(metadata, {});
  assert.deepEqual([...tensors.keys()], ["b", "a"]);
  assert.deepEqual([...tensors.get("b")!.data], [-1]);
  assert.deepEqual([...tensors.get("a")!.data], [-0.25]);
  assert.ok(tensors.get("a")!.data instanceof Float64Array);
});

test("tensors: F32/F64/I32/BOOL round trip through tensorsToSafetensors, U8 reads as int32", () => {
  const bytes = tensorsToSafetensors({ f: tensor([[1.5, -2], [3, 4]]), d: tensor([Math.PI], "float64"), i: tensor([-5, 6], "int32"), b: tensor([true, false]) }, { note: "x" });
  const { tensors, metadata } = safetensorsToTensors(bytes);
  assert.deepEqual(metadata, { note: "x" });
  assert.deepEqual(tensors.get("f")!.arraySync(), [[1.5, -2], [3, 4]]);
  assert.equal(tensors.get("d")!.dtype, "float64");
  assert.equal(tensors.get("d")!.item(), Math.PI);
  assert.equal(tensors.get("i")!.dtype, "int32");
  assert.equal(tensors.get("b")!.dtype, "bool");
  assert.deepEqual(tensors.get("b")!.arraySync(), [true, false]);
  const u8 = safetensorsToTensors(Buffer.from(REFERENCE_HEX, "hex")).tensors.get("u")!;
  assert.equal(u8.dtype, "int32");
  assert.deepEqual(u8.arraySync(), [255, 3]);
});

const entryArb: fc.Arbitrary<SafetensorsEntry> = fc
  .tuple(fc.constantFrom("F64", "F32", "I32", "U8", "BOOL" as const), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }))
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values =
      dtype === "F64" ? fc.array(fc.double(), { minLength: n, maxLength: n }).map((v) => new Float64Array(v))
      : dtype === "F32" ? fc.array(fc.float(), { minLength: n, maxLength: n }).map((v) => new Float32Array(v))
      : dtype === "I32" ? fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }).map((v) => new Int32Array(v))
      : fc.array(fc.integer({ min: 0, max: dtype === "BOOL" ? 1 : 255 }), { minLength: n, maxLength: n }).map((v) => new Uint8Array(v));
    return values.map((data) => ({ dtype, shape, data }) as SafetensorsEntry);
  });

test("property: round trip is exact (NaN payloads and -0 included); header length and every tensor aligned", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 6 }).filter((s) => s !== "__metadata__"), entryArb, { maxKeys: 6 }), fc.option(fc.dictionary(fc.string(), fc.string()), { nil: undefined }), (entries, metadata) => {
      const bytes = encodeSafetensors(entries, metadata);
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      assert.equal((8 + headerLength) % 8, 0);
      const { tensors, metadata: back } = decodeSafetensors(bytes);
      assert.deepEqual(back, { ...(metadata ?? {}) });
      assert.equal(tensors.size, Object.keys(entries).length);
      const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString("utf8")) as Record<string, { data_offsets: [number, number] }>;
      for (const [name, entry] of Object.entries(entries)) {
        const got = tensors.get(name)!;
        assert.equal(got.dtype, entry.dtype);
        assert.deepEqual(got.shape, entry.shape);
        assert.equal(hex(new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength)), hex(new Uint8Array(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength)));
        assert.equal((8 + headerLength + header[name]!.data_offsets[0]) % entry.data.BYTES_PER_ELEMENT, 0, `${name} is aligned`);
      }
    }),
    { numRuns: 150 },
  );
});

test("encode: refuses bad entries with a message naming the tensor", () => {
  assert.throws(() => encodeSafetensors({ __metadata__: { dtype: "F32", shape: [], data: new Float32Array(1) } }), /reserved/);
  assert.throws(() => encodeSafetensors({ w: { dtype: "F16" as "F32", shape: [1], data: new Float32Array(1) } }), /tensor "w" has dtype "F16"/);
  assert.throws(() => encodeSafetensors({ w: { dtype: "F32", shape: [3], data: new Float32Array(2) } }), /tensor "w" has shape \[3\] \(3 elements\) but 2 values/);
  assert.throws(() => encodeSafetensors({ w: { dtype: "F64", shape: [1], data: new Float32Array(1) } }), /must be a Float64Array/);
  assert.throws(() => encodeSafetensors({ w: { dtype: "BOOL", shape: [1], data: new Uint8Array([2]) } }), /0 or 1/);
  assert.throws(() => encodeSafetensors({}, { k: 1 as unknown as string }), /metadata values must be strings/);
});

test("decode: corrupt files give a SafetensorsError saying what is wrong", () => {
  const good = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const data = [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40];
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(5), /5 byte\(s\) long, shorter than the 8-byte header length/],
    [fileOf(good, data).subarray(0, 20), /header length is 56 bytes but only 12 bytes follow/],
    [Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b]), /more than the 100000000 allowed/],
    [fileOf('["w"]', []), /must be JSON starting with "\{"/],
    [fileOf('{"w":', []), /header is not valid JSON/],
    [fileOf("{\"\xff\":1}", []).map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/],
    [fileOf('{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', [0, 0]), /dtype F16, which gradbook does not read/],
    [fileOf('{"w":{"dtype":"Q9","shape":[1],"data_offsets":[0,2]}}', [0, 0]), /unknown dtype "Q9"/],
    [fileOf('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), /shape \[-1\]/],
    [fileOf('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', data), /needs 12 bytes but its data_offsets \[0, 8\] span 8/],
    [fileOf('{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}', data), /end comes before the begin/],
    [fileOf('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', data.slice(0, 6)), /need 8 bytes of data but the file has 6 \(it is truncated\)/],
    [fileOf('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', [...data, 1, 2]), /2 byte\(s\) of data after the last tensor/],
    [fileOf('{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', data), /bytes 0\.\.4 of the data belong to no tensor/],
    [fileOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', data), /tensor "b" \(bytes 4\.\.8\) overlaps/],
    [fileOf('{"__metadata__":{"k":1}}', []), /"__metadata__" values must be strings/],
    [fileOf('{"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', [1, 2]), /element 1 is the byte 2/],
    [fileOf('{"w":{"dtype":"F32","shape":[2]}}', data), /data_offsets undefined/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decodeSafetensors(bytes, "w.safetensors"), (error: Error) => {
      assert.ok(error instanceof SafetensorsError, `${error}`);
      assert.match(error.message, /^w\.safetensors is not a valid safetensors file: /);
      assert.match(error.message, message);
      return true;
    });
  }
  // and the good file itself reads
  assert.deepEqual([...decodeSafetensors(fileOf(good, data)).tensors.get("w")!.data], [1, 2]);
});
