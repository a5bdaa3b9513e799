/**
 * The one way rules say "the plugin's Prepare accepts this, but its build certainly fails": a warning, because
 * Packer's own `validate` passes, with the reason the build stops.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic, Range } from '../model.js';

export function buildWillFail(file: string, range: Range, reason: string): Diagnostic {
  return diagnostic(
    file,
    range,
    'build-will-fail',
    `Packer accepts this, but the build will fail: ${reason}`,
    'warning',
  );
}
