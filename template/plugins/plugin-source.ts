/**
 * Plugin addresses as Packer reads them (hcl2template/addrs in Packer
 * 1.11/1.12): a `required_plugins` entry's `source` is `HOST/NAMESPACE/NAME`
 * (e.g. `github.com/hashicorp/amazon`, at most 16 parts), and both the
 * entry's local name and the source's last part are "plugin parts" — one
 * DNS label, lower case, letters, digits and dashes. The error texts are
 * Packer's (the IDNA library's for a bad character).
 */

export type PluginPartParse = { ok: true; normalized: string } | { ok: false; error: string };

/**
 * `ParsePluginPart`: the normalized form of a name, or why it is not one.
 * Normalizing folds case, as IDNA's lookup profile does.
 */
export function parsePluginPart(given: string): PluginPartParse {
  if (given.length === 0) return { ok: false, error: 'must have at least one character' };
  if (given.includes('.')) return { ok: false, error: 'dots are not allowed' };
  if (given.includes('--')) return { ok: false, error: 'cannot use multiple consecutive dashes' };
  const prefix = 'must contain only letters, digits, and dashes, and may not use leading or trailing dashes';
  for (const char of given) {
    // STD3 rules: a label holds letters, digits and dashes (other scripts' letters included).
    if (!/[\p{L}\p{N}-]/u.test(char)) {
      const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return { ok: false, error: `${prefix}: idna: disallowed rune U+${code}` };
    }
  }
  const normalized = given.toLowerCase();
  if (normalized.startsWith('-') || normalized.endsWith('-')) {
    return { ok: false, error: `${prefix}: idna: invalid label ${JSON.stringify(normalized)}` };
  }
  return { ok: true, normalized };
}

export type PluginSourceParse = { ok: true; name: string } | { ok: false; error: string };

const EXAMPLE = 'A valid source looks like "github.com/hashicorp/happycloud"';

/** `ParsePluginSourceString`: the plugin's name (the last part), or Packer's error text. */
export function parsePluginSource(source: string): PluginSourceParse {
  const problems = addressProblems(source);
  if (problems.length > 0) {
    const list = problems.map((p) => `* ${p}\n`).join('');
    return {
      ok: false,
      error: `The provided source URL is invalid.\nThe following errors have been discovered:\n${list}\n${EXAMPLE}`,
    };
  }
  const name = source.slice(source.lastIndexOf('/') + 1);
  const part = parsePluginPart(name);
  if (!part.ok) return { ok: false, error: `Invalid plugin type ${JSON.stringify(name)} in source: ${part.error}"` };
  const prefixed = packerPrefixError(name);
  if (prefixed) return { ok: false, error: prefixed };
  const parts = source.split('/').filter((p) => p !== '');
  if (parts.length > 16) {
    return {
      ok: false,
      error:
        `The source URL must have at most 16 components, and the one provided has ${parts.length}.\n` +
        'This is unsupported by Packer, please consider using a source that has less components to it.\n' +
        'If this is a blocking issue for you, please open an issue to ask for supporting more components to the source URI.',
    };
  }
  return { ok: true, name };
}

/** What Packer lists before giving up on a source address. */
function addressProblems(source: string): string[] {
  const problems: string[] = [];
  if (source.startsWith('/')) problems.push("A source URL must not start with a '/' character.");
  if (source.endsWith('/')) problems.push("A source URL must not end with a '/' character.");
  if ((source.match(/\//g) ?? []).length < 2)
    problems.push('A source URL must at least contain a host and a path with 2 components');
  // Go's url.Parse: a scheme is letters, digits, `+-.` before `:`, starting with a letter.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(source))
    problems.push('A source URL must not contain a scheme (e.g. https://).');
  const withoutFragment = source.split('#')[0]!;
  if (/\?./.test(withoutFragment)) problems.push('A source URL must not contain a query (e.g. ?var=val)');
  if (/#./.test(source)) problems.push('A source URL must not contain a fragment (e.g. #anchor).');
  return problems;
}

/** The `packer-` prefix in a plugin name: never valid; `packer-plugin-` gets its own hint. */
function packerPrefixError(name: string): string | undefined {
  if (!name.startsWith('packer-')) return undefined;
  if (name.startsWith('packer-plugin-')) {
    const suggested = name.replaceAll('packer-plugin-', '');
    if (parsePluginPart(suggested).ok) {
      return (
        'Plugin source has a type with the prefix "packer-plugin-", which isn\'t valid.\n' +
        'Although that prefix is often used in the names of version control repositories for Packer plugins, ' +
        `plugin source strings should not include it.\n\nDid you mean ${JSON.stringify(suggested)}?`
      );
    }
  }
  return (
    'Plugin source has a type with the "packer-" prefix, which isn\'t valid.\n' +
    'If you are the author of this plugin, rename it to not include the prefix.\n' +
    `Ex: ${JSON.stringify(name.replace('packer-', ''))}`
  );
}
