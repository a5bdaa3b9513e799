/**
 * SIGINT and SIGTERM abort the build (the running step's processes are
 * killed) instead of killing Node: cleanup must still run. Further signals
 * while cleaning up are reported and otherwise ignored.
 */
import { BuildAborted } from './errors.js';

/**
 * Makes SIGINT/SIGTERM abort `controller`. Returns a function that removes
 * the handlers (call it after cleanup).
 */
export function abortOnSignals(
  controller: AbortController,
  onSignal?: (signal: NodeJS.Signals, first: boolean) => void,
): () => void {
  const handler = (sig: NodeJS.Signals): void => {
    const first = !controller.signal.aborted;
    onSignal?.(sig, first);
    if (first) controller.abort(new BuildAborted(sig));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
