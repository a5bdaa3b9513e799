/**
 * Evaluated field values (template/evaluation-model.ts `Value`) read as the
 * plain types a plan holds. Legacy JSON is weakly typed, as Packer's decoder
 * is (`"start_sector": "8192"`, `"mount_partition": 2`): numbers and strings
 * convert both ways here.
 */
import { isUnknown, type Value } from '../evaluation-model.js';

/** A source's or provisioner's evaluated fields, by name. */
export type Fields = Record<string, Value>;

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

/** A number written as a number or as decimal text; undefined when unset or not one. */
export function num(value: Value | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** `true` or `"true"` (JSON's weak typing). */
export function isTrue(value: Value | undefined): boolean {
  return value === true || value === 'true';
}

/**
 * The elements of a repeatable block (`image_partitions { … }` written N
 * times in HCL, one object when written once) or of a JSON list of objects,
 * as field maps.
 */
export function blockList(value: Value | undefined): Fields[] {
  const items = Array.isArray(value) ? value : value !== undefined && value !== null ? [value] : [];
  return items.filter(
    (v): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v),
  ) as Fields[];
}

/** Whether `text` is a URL (`scheme://…`) rather than a local path. */
export function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}
