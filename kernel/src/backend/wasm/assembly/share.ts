// How a parallel kernel finds its part of a job: the thread pool calls it with
// (share, shares) and each share takes an equal slice of the items (images, panels, elements).

/** Where share `share` of `shares` starts among `count` items (share = shares: the end). */
// @ts-ignore: decorator
@inline export function shareStart(count: i32, share: i32, shares: i32): i32 {
  return <i32>((<i64>count * share) / shares);
}
