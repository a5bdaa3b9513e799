/**
 * Version constraints as Packer reads them (`required_version`, a
 * `required_plugins` entry's `version`): hashicorp/go-version v1.6.0's
 * `NewConstraint` — comma-separated `OP VERSION` pieces, OP one of
 * `=`, `!=`, `>`, `<`, `>=`, `<=`, `~>` or nothing. The errors are
 * go-version's own texts, which Packer appends to its message.
 */

/** Go's `\s` (ASCII space, tab, newline, form feed, carriage return): JavaScript's `\s` also takes Unicode spaces. */
const S = '[\\t\\n\\f\\r ]';

/** go-version's VersionRegexpRaw, verbatim (Go RE2 and JavaScript agree on it). */
const VERSION =
  'v?([0-9]+(\\.[0-9]+)*?)' +
  '(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?' +
  '(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))?' +
  '?';

const CONSTRAINT = new RegExp(`^${S}*(<=|>=|!=|~>|<|>|=|)${S}*(${VERSION})${S}*$`);
const VERSION_ONLY = new RegExp(`^${VERSION}$`);

/** One parsed `OP VERSION` piece. */
export interface VersionConstraintPart {
  operator: string;
  version: string;
  /** The pre-release part (`beta1` of `1.2.0-beta1`), empty when none. */
  prerelease: string;
}

export type ConstraintParse = { ok: true; parts: VersionConstraintPart[] } | { ok: false; error: string };

/** Parses a constraint string as go-version's `NewConstraint` does. */
export function parseVersionConstraint(text: string): ConstraintParse {
  const parts: VersionConstraintPart[] = [];
  for (const single of text.split(',')) {
    const match = CONSTRAINT.exec(single);
    if (!match) return { ok: false, error: `Malformed constraint: ${single}` };
    const version = match[2]!;
    const checked = checkVersion(version);
    if (checked.error !== undefined) return { ok: false, error: checked.error };
    parts.push({ operator: match[1]!, version, prerelease: checked.prerelease });
  }
  return { ok: true, parts };
}

/** go-version's `NewVersion`: each segment must fit an int64. */
function checkVersion(version: string): { prerelease: string; error?: string } {
  const match = VERSION_ONLY.exec(version);
  if (!match) return { prerelease: '', error: `Malformed version: ${version}` };
  for (const segment of match[1]!.split('.')) {
    if (BigInt(segment) > 9223372036854775807n) {
      return {
        prerelease: '',
        error: `Error parsing version: strconv.ParseInt: parsing ${JSON.stringify(segment)}: value out of range`,
      };
    }
  }
  return { prerelease: match[7] ?? match[4] ?? '' };
}
