// Float32 elementwise kernels over up to four (collapsed) axes with per-operand element
// strides (0 on broadcast axes), so one kernel covers same-shape operands, scalars, bias
// rows, columns and any other broadcast; the output is contiguous. The innermost axis
// runs four lanes at a time when its strides are 0 or 1. Each exported kernel switches
// once on the op code and inlines a loop specialised for that op. Share `share` of
// `shares` does its part: a range of axis 0 (JavaScript puts the outermost row axis there),
// or, when the shape is a single row, a range of its elements (four at a time).
import { shareStart } from "./share";

export const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, MINIMUM = 5;
export const NEG = 0, SQUARE = 1, SQRT = 2, RELU = 3, ABS = 4, COPY = 5, EXP = 6, LOG = 7, SIGMOID = 8, TANH = 9, RECIPROCAL = 10, STEP = 11;
export const EQUAL = 0, NOT_EQUAL = 1, LESS = 2, LESS_EQUAL = 3, GREATER = 4, GREATER_EQUAL = 5;
/** Added to a comparison's code when both operands are int32 rather than float32. */
export const INT32_OPERANDS = 8;

/** Whether the shares cut the elements of a single row rather than the rows of axis 0. */
// @ts-ignore: decorator
@inline function byElements(d0: i32, d1: i32, d2: i32): bool {
  return d0 == 1 && d1 == 1 && d2 == 1;
}

/** Where share `share` of `shares` starts (share = shares: the end), in rows of axis 0 or, for a single row, elements. */
// @ts-ignore: decorator
@inline function cut(elements: bool, d0: i32, d3: i32, share: i32, shares: i32): i32 {
  return elements ? min(d3, shareStart((d3 + 3) >> 2, share, shares) << 2) : shareStart(d0, share, shares);
}

/** Elements an operand with strides s0 (axis 0) and s3 (last axis) skips to where a share starts at `from`. */
// @ts-ignore: decorator
@inline function skipped(elements: bool, from: i32, s0: i32, s3: i32): usize {
  return <usize>(from * (elements ? s3 : s0));
}

// @ts-ignore: decorator
@inline function vectorBinary(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MAXIMUM: return f32x4.max(x, y);
    default: return f32x4.min(x, y);
  }
}

// @ts-ignore: decorator
@inline function scalarBinary(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    // Like Math.max/min (and f32x4.max/min): NaN wins, and +0 > −0.
    case MAXIMUM: return x != x || y != y ? NaN : x == y ? (reinterpret<i32>(x) < 0 ? y : x) : max(x, y);
    default: return x != x || y != y ? NaN : x == y ? (reinterpret<i32>(x) < 0 ? x : y) : min(x, y);
  }
}

// @ts-ignore: decorator
@inline function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let i = 0;
  if (sa == 1 && sb == 1) {
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), vectorBinary(op, v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2))));
  } else if (sa == 1 && sb == 0) {
    const y = v128.load32_splat(b);
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), vectorBinary(op, v128.load(a + (<usize>i << 2)), y));
  } else if (sa == 0 && sb == 1) {
    const x = v128.load32_splat(a);
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), vectorBinary(op, x, v128.load(b + (<usize>i << 2))));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), scalarBinary(op, load<f32>(a + (<usize>(i * sa) << 2)), load<f32>(b + (<usize>(i * sb) << 2))));
}

// @ts-ignore: decorator
@inline function binaryLoops(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32,
  sa0: i32, sa1: i32, sa2: i32, sa3: i32, sb0: i32, sb1: i32, sb2: i32, sb3: i32): void {
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const ao = a + (<usize>(i0 * sa0 + i1 * sa1 + i2 * sa2) << 2);
        const bo = b + (<usize>(i0 * sb0 + i1 * sb1 + i2 * sb2) << 2);
        binaryRow(op, ao, sa3, bo, sb3, out, d3);
        out += <usize>d3 << 2;
      }
    }
  }
}

/** out = a ∘ b elementwise (op: ADD … MINIMUM) over the shape [d0, d1, d2, d3] with the operands' element strides. */
export function binary(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32,
  sa0: i32, sa1: i32, sa2: i32, sa3: i32, sb0: i32, sb1: i32, sb2: i32, sb3: i32, share: i32, shares: i32): void {
  const elements = byElements(d0, d1, d2);
  const from = cut(elements, d0, d3, share, shares);
  const to = cut(elements, d0, d3, share + 1, shares);
  a += skipped(elements, from, sa0, sa3) << 2;
  b += skipped(elements, from, sb0, sb3) << 2;
  out += skipped(elements, from, d1 * d2 * d3, 1) << 2;
  if (elements) d3 = to - from;
  else d0 = to - from;
  switch (op) {
    case ADD: binaryLoops(ADD, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
    case SUB: binaryLoops(SUB, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
    case MUL: binaryLoops(MUL, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
    case DIV: binaryLoops(DIV, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
    case MAXIMUM: binaryLoops(MAXIMUM, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
    default: binaryLoops(MINIMUM, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3); break;
  }
}

// @ts-ignore: decorator
@inline function scalarCompare<T>(op: i32, x: T, y: T): bool {
  switch (op) {
    case EQUAL: return x == y;
    case NOT_EQUAL: return x != y;
    case LESS: return x < y;
    case LESS_EQUAL: return x <= y;
    case GREATER: return x > y;
    default: return x >= y;
  }
}

// @ts-ignore: decorator
@inline function vectorCompare<T>(op: i32, x: v128, y: v128): v128 {
  if (isInteger<T>()) {
    switch (op) {
      case EQUAL: return i32x4.eq(x, y);
      case NOT_EQUAL: return i32x4.ne(x, y);
      case LESS: return i32x4.lt_s(x, y);
      case LESS_EQUAL: return i32x4.le_s(x, y);
      case GREATER: return i32x4.gt_s(x, y);
      default: return i32x4.ge_s(x, y);
    }
  }
  switch (op) {
    case EQUAL: return f32x4.eq(x, y);
    case NOT_EQUAL: return f32x4.ne(x, y);
    case LESS: return f32x4.lt(x, y);
    case LESS_EQUAL: return f32x4.le(x, y);
    case GREATER: return f32x4.gt(x, y);
    default: return f32x4.ge(x, y);
  }
}

// @ts-ignore: decorator
@inline function compareLoops<T>(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32,
  sa0: i32, sa1: i32, sa2: i32, sa3: i32, sb0: i32, sb1: i32, sb2: i32, sb3: i32): void {
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const ao = a + (<usize>(i0 * sa0 + i1 * sa1 + i2 * sa2) << 2);
        const bo = b + (<usize>(i0 * sb0 + i1 * sb1 + i2 * sb2) << 2);
        let i = 0;
        if (sa3 == 1 && sb3 <= 1) {
          // Four lanes at a time: the lane masks narrowed to four bytes of 0 or 1.
          const y0 = v128.load32_splat(bo);
          const one = i8x16.splat(1);
          for (; i + 4 <= d3; i += 4) {
            const y = sb3 == 1 ? v128.load(bo + (<usize>i << 2)) : y0;
            const mask = vectorCompare<T>(op, v128.load(ao + (<usize>i << 2)), y);
            const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(mask, mask), i16x8.splat(0));
            v128.store32_lane(out + <usize>i, v128.and(bytes, one), 0);
          }
        }
        for (; i < d3; i++) {
          store<u8>(out + <usize>i, <u8>scalarCompare<T>(op, load<T>(ao + (<usize>(i * sa3) << 2)), load<T>(bo + (<usize>(i * sb3) << 2))));
        }
        out += <usize>d3;
      }
    }
  }
}

/** out (bytes 0/1) = a ⋈ b (op: EQUAL … GREATER_EQUAL, plus INT32_OPERANDS for int32 operands), strides as in `binary`. */
export function compare(op: i32, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32,
  sa0: i32, sa1: i32, sa2: i32, sa3: i32, sb0: i32, sb1: i32, sb2: i32, sb3: i32, share: i32, shares: i32): void {
  const elements = byElements(d0, d1, d2);
  const from = cut(elements, d0, d3, share, shares);
  const to = cut(elements, d0, d3, share + 1, shares);
  a += skipped(elements, from, sa0, sa3) << 2;
  b += skipped(elements, from, sb0, sb3) << 2;
  out += skipped(elements, from, d1 * d2 * d3, 1);
  if (elements) d3 = to - from;
  else d0 = to - from;
  if (op >= INT32_OPERANDS) compareLoops<i32>(op - INT32_OPERANDS, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3);
  else compareLoops<f32>(op, a, b, out, d0, d1, d2, d3, sa0, sa1, sa2, sa3, sb0, sb1, sb2, sb3);
}

/** out = condition ? a : b (condition: bytes), strides as in `binary` with the condition's first. */
export function select(condition: usize, a: usize, b: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32,
  sc0: i32, sc1: i32, sc2: i32, sc3: i32, sa0: i32, sa1: i32, sa2: i32, sa3: i32, sb0: i32, sb1: i32, sb2: i32, sb3: i32, share: i32, shares: i32): void {
  const elements = byElements(d0, d1, d2);
  const from = cut(elements, d0, d3, share, shares);
  const to = cut(elements, d0, d3, share + 1, shares);
  condition += skipped(elements, from, sc0, sc3);
  a += skipped(elements, from, sa0, sa3) << 2;
  b += skipped(elements, from, sb0, sb3) << 2;
  out += skipped(elements, from, d1 * d2 * d3, 1) << 2;
  if (elements) d3 = to - from;
  else d0 = to - from;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const co = condition + <usize>(i0 * sc0 + i1 * sc1 + i2 * sc2);
        const ao = a + (<usize>(i0 * sa0 + i1 * sa1 + i2 * sa2) << 2);
        const bo = b + (<usize>(i0 * sb0 + i1 * sb1 + i2 * sb2) << 2);
        let i = 0;
        if (sc3 == 1 && sa3 == 1 && sb3 <= 1) {
          // Four lanes at a time: widen four condition bytes to a lane mask and blend.
          const zero = f32x4.splat(0);
          const y0 = v128.load32_splat(bo);
          for (; i + 4 <= d3; i += 4) {
            const mask = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(co + <usize>i))), zero);
            const y = sb3 == 1 ? v128.load(bo + (<usize>i << 2)) : y0;
            v128.store(out + (<usize>i << 2), v128.bitselect(v128.load(ao + (<usize>i << 2)), y, mask));
          }
        }
        for (; i < d3; i++) {
          const pick = load<u8>(co + <usize>(i * sc3)) != 0;
          store<f32>(out + (<usize>i << 2), pick ? load<f32>(ao + (<usize>(i * sa3) << 2)) : load<f32>(bo + (<usize>(i * sb3) << 2)));
        }
        out += <usize>d3 << 2;
      }
    }
  }
}

// @ts-ignore: decorator
@inline function scalarUnary(op: i32, x: f32): f32 {
  switch (op) {
    case NEG: return -x;
    case SQUARE: return x * x;
    case SQRT: return Mathf.sqrt(x);
    case RELU: return x > 0 ? x : x <= 0 ? 0 : x;
    case ABS: return Mathf.abs(x);
    case COPY: return x;
    case EXP: return <f32>Math.exp(<f64>x);
    case LOG: return <f32>Math.log(<f64>x);
    case SIGMOID: {
      if (x >= 0) return <f32>(1 / (1 + Math.exp(-<f64>x)));
      const e = Math.exp(<f64>x);
      return <f32>(e / (1 + e));
    }
    case TANH: return <f32>Math.tanh(<f64>x);
    case RECIPROCAL: return 1 / x;
    default: return x > 0 ? 1 : 0;
  }
}

// @ts-ignore: decorator
@inline function hasVector(op: i32): bool {
  return op <= COPY || op == RECIPROCAL;
}

// @ts-ignore: decorator
@inline function vectorUnary(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x);
    // max(x, 0) keeps NaN and turns −0 into +0, as the reference does.
    case RELU: return f32x4.max(x, f32x4.splat(0));
    case ABS: return f32x4.abs(x);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    default: return x;
  }
}

// @ts-ignore: decorator
@inline function unaryLoops(op: i32, x: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32, s0: i32, s1: i32, s2: i32, s3: i32): void {
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const xo = x + (<usize>(i0 * s0 + i1 * s1 + i2 * s2) << 2);
        let i = 0;
        if (hasVector(op) && s3 == 1) {
          for (; i + 4 <= d3; i += 4) v128.store(out + (<usize>i << 2), vectorUnary(op, v128.load(xo + (<usize>i << 2))));
        }
        for (; i < d3; i++) store<f32>(out + (<usize>i << 2), scalarUnary(op, load<f32>(xo + (<usize>(i * s3) << 2))));
        out += <usize>d3 << 2;
      }
    }
  }
}

/** out = f(x) elementwise (op: NEG … STEP); with COPY and broadcast or permuted strides it is broadcastTo or transpose. */
export function unary(op: i32, x: usize, out: usize, d0: i32, d1: i32, d2: i32, d3: i32, s0: i32, s1: i32, s2: i32, s3: i32, share: i32, shares: i32): void {
  const elements = byElements(d0, d1, d2);
  const from = cut(elements, d0, d3, share, shares);
  const to = cut(elements, d0, d3, share + 1, shares);
  x += skipped(elements, from, s0, s3) << 2;
  out += skipped(elements, from, d1 * d2 * d3, 1) << 2;
  if (elements) d3 = to - from;
  else d0 = to - from;
  switch (op) {
    case NEG: unaryLoops(NEG, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case SQUARE: unaryLoops(SQUARE, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case SQRT: unaryLoops(SQRT, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case RELU: unaryLoops(RELU, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case ABS: unaryLoops(ABS, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case COPY: unaryLoops(COPY, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case EXP: unaryLoops(EXP, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case LOG: unaryLoops(LOG, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case SIGMOID: unaryLoops(SIGMOID, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case TANH: unaryLoops(TANH, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    case RECIPROCAL: unaryLoops(RECIPROCAL, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
    default: unaryLoops(STEP, x, out, d0, d1, d2, d3, s0, s1, s2, s3); break;
  }
}

/** f(x) of one unary op (NEG … STEP) on one value: generated fused kernels call it, lane by lane, for functions with no SIMD form. */
export function unaryScalar(op: i32, x: f32): f32 {
  return scalarUnary(op, x);
}
