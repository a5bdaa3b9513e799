/**
 * The one error rendering a template may raise: a clear message for the
 * user (no stack is ever shown), a code saying what kind of failure it is,
 * and the range of the offending action when the text came with positions.
 */
import type { Range } from '../model.js';

export type RenderErrorCode =
  /** The text is not a valid Go template. */
  | 'syntax'
  /** `{{.X}}` / `{{build "X"}}` with no such datum given. */
  | 'unknown-data'
  /** A function name that is not defined. */
  | 'unknown-function'
  /** `{{user "x"}}` with x not declared or not set. */
  | 'unset-variable'
  /** A value that exists but is not known yet (a required variable without a value). */
  | 'unknown-value'
  /** A function whose context is missing here (`build_name`, `env` outside variables). */
  | 'not-available'
  /** Wrong number or types of arguments (what the checker also finds in literals). */
  | 'arguments'
  /** A function Packer removed (`sed`). */
  | 'deprecated'
  /** A function failed on its values (split index out of range, a bad comparison). */
  | 'function-error'
  /** Valid in Packer but not something chrootforge can do (Vault, Consul, `range`). */
  | 'unsupported';

export class RenderError extends Error {
  constructor(
    message: string,
    readonly code: RenderErrorCode,
    /** The action's range in the text or file, when known. */
    readonly range?: Range,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}
