/**
 * Evaluated field values read as the plan's plain types. A legacy JSON
 * template may give a number or a boolean as a string ("1", "true"); the
 * plugins' decoders accept those (weakly typed), so these readers do too.
 */
import { isUnknown, type Value } from './evaluation-model.js';

export function str(value: Value | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A string that is set and not empty (the plugins treat "" as unset). */
export function nonEmpty(value: Value | undefined): string | undefined {
  const s = str(value);
  return s === '' ? undefined : s;
}

export function stringList(value: Value | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

export function stringMap(value: Value | undefined): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isUnknown(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function bool(value: Value | undefined): boolean {
  return value === true || value === 'true';
}
