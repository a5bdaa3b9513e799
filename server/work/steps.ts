/**
 * Work in steps. A long computation (an analysis, a parse for a request)
 * is a generator: each `yield` is a point where it may pause, so the event
 * loop can read the next message (a request that comes first, a
 * `$/cancelRequest`, the end of the input), and where it may be stopped
 * (cancelled, superseded by an edit, the server going away).
 */

/** A computation that yields between its steps and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Any work run without yielding longer than this pauses at its next step. */
const SLICE_MS = 10;

/**
 * Resolves on the event loop's next turn, after the I/O that is waiting
 * (Node's setImmediate; a browser worker, which has none, a zero timeout).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

/**
 * Runs steps to their end. Between steps, once a slice of time is used,
 * `pause` runs (it yields to the event loop, and throws to stop the work:
 * the generator is closed and the error goes to the caller).
 */
export async function runSteps<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  let sliceStart = performance.now();
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      if (performance.now() - sliceStart >= SLICE_MS) {
        await pause();
        sliceStart = performance.now();
      }
    }
  } finally {
    steps.return(undefined as T);
  }
}

/** Runs steps at once, without pausing (tests, and callers with nothing else to do). */
export function drainSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
