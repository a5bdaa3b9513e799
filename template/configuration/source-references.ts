/**
 * References from a build to the sources it builds: the strings of
 * `sources = [ … ]` and the labels of `source "…" { }` blocks. Read as
 * Packer 1.12 reads them (`sourceRefFromString`): two dot-separated parts are
 * `TYPE.NAME`; with more, the first part is dropped, so `source.TYPE.NAME`
 * and `sources.TYPE.NAME` mean the same. Type and name must be identifiers.
 */
import type { SourceRef } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic, Expr, Range } from '../model.js';
import { staticString } from '../static-value.js';

/** HCL's identifier: a letter or underscore, then letters, digits, underscores and dashes. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_-]*$/u;

/**
 * `source.chroot.base`, `sources.chroot.base` or `chroot.base` → type and
 * name; undefined when it is none of them. `source.X` alone is no reference
 * (Packer would look for a source of type "source").
 */
export function parseSourceRef(text: string, range: Range): SourceRef | undefined {
  let parts = text.split('.');
  if (parts.length < 2) return undefined;
  if (parts.length === 2 && (parts[0] === 'source' || parts[0] === 'sources')) return undefined;
  if (parts.length > 2) parts = parts.slice(1);
  const [type = '', name = ''] = parts;
  if (!IDENTIFIER.test(type) || !IDENTIFIER.test(name)) return undefined;
  return { text, type, name, range };
}

/** A reference that is not one: kept with an empty type so the build still counts as naming a source. */
export function unparsedSourceRef(text: string, range: Range): SourceRef {
  return { text, type: '', name: '', range };
}

export function badSourceRef(path: string, text: string, range: Range): Diagnostic {
  return diagnostic(
    path,
    range,
    'invalid-source-reference',
    `"${text}" is not a source reference: write "source.<type>.<name>", e.g. "source.chroot.base".`,
  );
}

/**
 * The references of a `sources` value written as a list of plain strings
 * (or bare traversals); undefined when the value is an expression only
 * evaluation can read (`concat(local.a, local.b)`, `["${var.x}"]`).
 */
export function staticSourceRefs(value: Expr): SourceRef[] | undefined {
  if (value.type !== 'tuple') return undefined;
  const texts = value.items.map((item) => staticString(item) ?? traversalText(item));
  if (texts.some((t) => t === undefined)) return undefined;
  return value.items.map(
    (item, i) => parseSourceRef(texts[i]!, item.range) ?? unparsedSourceRef(texts[i]!, item.range),
  );
}

function traversalText(expr: Expr): string | undefined {
  if (expr.type !== 'traversal') return undefined;
  return [expr.root, ...expr.steps.map((s) => String(s.name))].join('.');
}
