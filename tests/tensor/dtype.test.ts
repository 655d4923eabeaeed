import { test } from "node:test";
import assert from "node:assert/strict";
import { isDType, allocate, isFloat, promote, bytesPer, type DType } from "../../kernel/src/tensor/dtype.js";

const ALL: DType[] = ["bool", "int32", "float32", "float64"];

test("isDType accepts exactly the four supported names", () => {
  for (const d of ALL) assert.ok(isDType(d), d);
  for (const v of ["float16", "int64", "Float32", "", "string", 32, null, undefined, { dtype: "float32" }]) assert.ok(!isDType(v), String(v));
});

test("allocate gives a zero-filled array of the matching typed-array class", () => {
  const expected: Record<DType, Function> = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };
  for (const d of ALL) {
    const a = allocate(d, 5);
    assert.ok(a instanceof expected[d], `${d}: ${a.constructor.name}`);
    assert.equal(a.length, 5);
    assert.ok(a.every((v) => v === 0));
    assert.equal(a.BYTES_PER_ELEMENT, bytesPer(d), `${d}: bytesPer agrees with the storage`);
  }
  assert.equal(allocate("float32", 0).length, 0);
});

test("isFloat: only float32 and float64", () => {
  assert.deepEqual(ALL.filter(isFloat), ["float32", "float64"]);
});

test("promote follows bool < int32 < float32 < float64, symmetric and idempotent", () => {
  assert.equal(promote("int32", "float32"), "float32");
  assert.equal(promote("bool", "int32"), "int32");
  assert.equal(promote("float64", "float32"), "float64");
  assert.equal(promote("bool", "bool"), "bool");
  for (const a of ALL) {
    assert.equal(promote(a, a), a);
    for (const b of ALL) {
      assert.equal(promote(a, b), promote(b, a), `${a}, ${b}`);
      assert.equal(promote(a, b), ALL[Math.max(ALL.indexOf(a), ALL.indexOf(b))]);
      for (const c of ALL) assert.equal(promote(promote(a, b), c), promote(a, promote(b, c)));
    }
  }
});

test("bytesPer", () => {
  assert.deepEqual(ALL.map(bytesPer), [1, 4, 4, 8]);
});
