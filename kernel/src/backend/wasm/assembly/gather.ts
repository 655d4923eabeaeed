// gather: copies rows of any dtype (a row = the elements after the gathered axis, as
// bytes) picked by indices that JavaScript has already checked and resolved.
import { shareStart } from "./share";

/** Copies one row of `bytes` bytes: plain loads and stores for one element, memory.copy for longer rows. */
// @ts-ignore: decorator
@inline function copyRow(to: usize, from: usize, bytes: i32): void {
  if (bytes == 4) store<u32>(to, load<u32>(from));
  else if (bytes == 8) store<u64>(to, load<u64>(from));
  else if (bytes == 1) store<u8>(to, load<u8>(from));
  else memory.copy(to, from, <usize>bytes);
}

/**
 * out row (o, j) = x row (o, picks[j]) for o < outer, j < m, with x holding `length` rows
 * per o; share `share` of `shares` copies its range of the outer·m output rows.
 */
export function gather(x: usize, picks: usize, out: usize, outer: i32, length: i32, m: i32, rowBytes: i32, share: i32, shares: i32): void {
  const from = shareStart(outer * m, share, shares);
  const to = shareStart(outer * m, share + 1, shares);
  let o = from / m;
  let j = from - o * m;
  for (let row = from; row < to; row++) {
    const source = <usize>(o * length + load<i32>(picks + (<usize>j << 2)));
    copyRow(out + <usize>row * rowBytes, x + source * rowBytes, rowBytes);
    if (++j == m) {
      j = 0;
      o++;
    }
  }
}
