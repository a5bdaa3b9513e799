/**
 * Server settings, from `initializationOptions` and from
 * `workspace/configuration` (section `chrootforge`). Unknown or malformed
 * entries are ignored: a bad setting never stops validation.
 */
import type { Severity } from '../template/index.js';

export type RuleSetting = Severity | 'off';

export interface Settings {
  /** Validation on/off: off publishes no diagnostics at all. */
  validate: boolean;
  /** Per-rule severity override by diagnostic code (`unknown-field: "warning"`, `…: "off"`). */
  rules: Record<string, RuleSetting>;
}

export const DEFAULT_SETTINGS: Settings = { validate: true, rules: {} };

const RULE_VALUES = new Set<RuleSetting>(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads settings from what a client sent: either the `chrootforge` section
 * itself or an object holding it (`{ chrootforge: {…} }`, as some clients
 * pass initializationOptions).
 */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  if (!isObject(raw)) return base;
  const section = isObject(raw.chrootforge) ? raw.chrootforge : raw;
  const validate = isObject(section.validation) ? section.validation.enable : section.validate;
  const rules: Record<string, RuleSetting> = { ...base.rules };
  if (isObject(section.rules)) {
    for (const [code, value] of Object.entries(section.rules)) {
      if (typeof value === 'string' && RULE_VALUES.has(value as RuleSetting)) rules[code] = value as RuleSetting;
    }
  }
  return { validate: typeof validate === 'boolean' ? validate : base.validate, rules };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
