// Splitting work between threads: thread `tid` of `nt` owns [begin, end) of `count` items.

// @ts-ignore: decorator
@inline export function partBegin(count: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>count * tid) / nt);
}

// @ts-ignore: decorator
@inline export function partEnd(count: i32, tid: i32, nt: i32): i32 {
  return <i32>((<i64>count * (tid + 1)) / nt);
}
