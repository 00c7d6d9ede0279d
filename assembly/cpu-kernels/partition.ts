// Splitting work between threads. A parallel kernel cuts its items into chunks of
// `chunk` items and every participating thread claims chunk indices from a shared
// counter until none are left: a thread that starts late (a busy core, a worker not yet
// running) just claims fewer, and no thread ever waits for another's share. What a
// chunk computes never depends on which thread claims it, so results are deterministic.

/** The next unclaimed chunk index (counter: an i32 the caller zeroed). */
// @ts-ignore: decorator
@inline export function claim(counter: usize): i32 {
  return atomic.add<i32>(counter, 1);
}

// @ts-ignore: decorator
@inline export function chunkCount(items: i32, chunk: i32): i32 {
  return (items + chunk - 1) / chunk;
}
