// A minimal Protocol Buffers writer (proto3 wire format, https://protobuf.dev/programming-guides/encoding/):
// enough to write ONNX models without a dependency. Fields are written in the order added.

/** Builds one message: add fields by number, then take `finish()`. */
export class ProtoWriter {
  private parts: Uint8Array[] = [];

  /** A varint field (int32, int64, enum, bool); negative numbers take ten bytes, as int64 does. */
  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.parts.push(varint(BigInt.asUintN(64, BigInt(value))));
    return this;
  }

  /** A 32-bit float field (fixed32). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(bytes);
    return this;
  }

  /** A length-delimited field: a string (UTF-8), bytes, or an embedded message. */
  bytes(field: number, value: string | Uint8Array | ProtoWriter): this {
    const data = typeof value === "string" ? new TextEncoder().encode(value) : value instanceof ProtoWriter ? value.finish() : value;
    this.tag(field, 2);
    this.parts.push(varint(BigInt(data.length)), data);
    return this;
  }

  /** A packed repeated varint field (repeated int64 in proto3). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.parts.push(varint(BigInt.asUintN(64, BigInt(v))));
    return this.bytes(field, inner.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.parts.push(varint(BigInt(field) << 3n | BigInt(wireType)));
  }
}

/** Base-128 varint of a non-negative integer. */
function varint(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}
