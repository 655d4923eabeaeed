import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readIdx, writeIdx, parseIdx, encodeIdx, tensor } from "../../kernel/src/index.js";

const folder = mkdtempSync(join(tmpdir(), "gradbook-idx-"));

// Bytes written by hand from the format's definition, independently of encodeIdx.
const ubyte = Uint8Array.of(0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 253, 254, 255);
const float = Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0); // [1.5, -2.5] big-endian

test("reads a hand-written uint8 IDX file, plain and gzipped", () => {
  writeFileSync(join(folder, "images-idx3-ubyte"), ubyte);
  writeFileSync(join(folder, "gz-images-idx3-ubyte.gz"), gzipSync(ubyte));
  for (const name of ["images-idx3-ubyte", "gz-images-idx3-ubyte.gz", "gz-images-idx3-ubyte"]) {
    const t = readIdx(join(folder, name));
    assert.equal(t.dtype, "int32");
    assert.deepEqual(t.shape, [2, 3]);
    assert.deepEqual(t.arraySync(), [[0, 1, 2], [253, 254, 255]]);
  }
});

test("reads big-endian floats", () => {
  writeFileSync(join(folder, "floats"), float);
  const t = readIdx(join(folder, "floats"));
  assert.equal(t.dtype, "float32");
  assert.deepEqual(t.arraySync(), [1.5, -2.5]);
});

test("writeIdx and readIdx round-trip every type, gzipped or not", () => {
  const cases = [
    { t: tensor([[1, 2], [3, 255]], "int32"), type: "uint8" as const },
    { t: tensor([-128, 127], "int32"), type: "int8" as const },
    { t: tensor([-30000, 30000], "int32"), type: "int16" as const },
    { t: tensor([-(2 ** 31), 2 ** 31 - 1], "int32"), type: "int32" as const },
    { t: tensor([0.25, -3], "float32"), type: "float32" as const },
    { t: tensor([Math.PI, -1e300], "float64"), type: "float64" as const },
  ];
  for (const { t, type } of cases) {
    for (const name of [`${type}.idx`, `${type}.idx.gz`]) {
      writeIdx(join(folder, name), t, type);
      const back = readIdx(join(folder, name));
      assert.deepEqual(back.shape, t.shape);
      assert.deepEqual(back.arraySync(), t.arraySync());
    }
  }
  assert.deepEqual(encodeIdx({ shape: [2, 3], type: "uint8", values: Int32Array.of(0, 1, 2, 253, 254, 255) }), ubyte);
});

test("a missing file says where it looked and what to do", () => {
  const path = join(folder, "train-images-idx3-ubyte");
  assert.throws(
    () => readIdx(path),
    (e: unknown) => e instanceof Error && e.message.includes(path) && e.message.includes(`${path}.gz`) && /loadMnist\(\)/.test(e.message) && /pass their path/.test(e.message),
  );
});

test("corrupt files are reported", () => {
  assert.throws(() => parseIdx(Uint8Array.of(1, 2, 3, 4)), /not an IDX file/);
  assert.throws(() => parseIdx(Uint8Array.of(0, 0, 0x07, 1, 0, 0, 0, 1, 5)), /unknown IDX type code 0x7/);
  assert.throws(() => parseIdx(ubyte.subarray(0, 15)), /needs 18 bytes but the file has 15; is it truncated/);
});
