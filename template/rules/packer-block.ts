/**
 * `packer { required_version = "…"  required_plugins { NAME = { version, source } } }`:
 * what Packer checks of these beyond their shape (which the schema gives):
 * version-constraint syntax, pre-releases in plugin constraints, source
 * addresses and normalized local names, with Packer's messages
 * (hcl2template/types.required_plugins.go, version.go).
 */
import type { Configuration } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Attribute, Diagnostic, Expr, ObjectExpr } from '../model.js';
import { parsePluginPart, parsePluginSource } from '../plugins/plugin-source.js';
import { requiredPluginsBlocks } from '../plugins/required-plugins.js';
import { parseVersionConstraint } from '../plugins/version-constraint.js';
import { staticString } from '../static-value.js';

const CONSTRAINT_DOCS =
  'https://developer.hashicorp.com/packer/docs/templates/hcl_templates/blocks/packer#version-constraints';

export function checkPackerBlocks(config: Configuration): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const packer of config.packerBlocks) {
    const required = packer.body.attributes.find((a) => a.name === 'required_version');
    if (required) out.push(...constraintSyntax(packer.file, required.value, false));
  }
  for (const { file, block } of requiredPluginsBlocks(config)) {
    for (const entry of block.body.attributes) out.push(...pluginRequirement(file, entry));
  }
  return out;
}

/** A version constraint that go-version cannot parse (or, for plugins, one naming a pre-release). */
function constraintSyntax(file: string, expr: Expr, forPlugin: boolean): Diagnostic[] {
  const text = staticString(expr);
  if (text === undefined) return [];
  const parsed = parseVersionConstraint(text);
  if (!parsed.ok) {
    return [
      diagnostic(
        file,
        expr.range,
        'invalid-version-constraint',
        `Invalid version constraint: ${JSON.stringify(text)} does not use correct version constraint syntax (${parsed.error}). Write comparisons such as ">= 1.2.0, < 2.0.0" or "~> 1.2"; see ${CONSTRAINT_DOCS}.`,
      ),
    ];
  }
  if (forPlugin && parsed.parts.some((p) => p.prerelease !== '')) {
    return [
      diagnostic(
        file,
        expr.range,
        'invalid-version-constraint',
        `Invalid version constraint: Unsupported prerelease for constraint ${JSON.stringify(text)}. Plugin requirements name released versions only.`,
      ),
    ];
  }
  return [];
}

/** One `NAME = { version = "…", source = "…" }` entry. */
function pluginRequirement(file: string, entry: Attribute): Diagnostic[] {
  const out = localName(file, entry);
  const value = entry.value;
  if (value.type !== 'object') {
    if (value.type === 'template' || value.type === 'literal') {
      const constraint = staticString(value) ?? 'VERSION';
      out.push(
        diagnostic(
          file,
          entry.range,
          'invalid-plugin-requirement',
          `Invalid plugin requirement: '${entry.name} = "${constraint}"' plugin requirement calls are not possible. You must define a whole block: ${entry.name} = { source = "github.com/OWNER/${entry.name}", version = "${constraint}" }.`,
        ),
      );
    }
    return out;
  }
  out.push(...versionOf(file, value), ...sourceOf(file, entry, value));
  return out;
}

function localName(file: string, entry: Attribute): Diagnostic[] {
  const parsed = parsePluginPart(entry.name);
  const message = !parsed.ok
    ? `Invalid plugin local name: ${entry.name} is an invalid plugin local name: ${parsed.error}.`
    : parsed.normalized !== entry.name
      ? `Invalid plugin local name: Plugin names must be normalized. Replace "${entry.name}" with "${parsed.normalized}" to fix this error.`
      : undefined;
  if (message === undefined) return [];
  const suggestions = parsed.ok ? [parsed.normalized] : [];
  return [diagnostic(file, entry.nameRange, 'invalid-plugin-requirement', message, 'error', { suggestions })];
}

function versionOf(file: string, object: ObjectExpr): Diagnostic[] {
  const version = object.items.find((i) => i.keyName === 'version');
  if (!version) {
    return [
      diagnostic(
        file,
        object.range,
        'invalid-plugin-requirement',
        `No version constraint was set: the version field must be specified as a string, e.g. version = ">= 1.2.0, < 2.0.0". See ${CONSTRAINT_DOCS}.`,
      ),
    ];
  }
  return constraintSyntax(file, version.value, true);
}

function sourceOf(file: string, entry: Attribute, object: ObjectExpr): Diagnostic[] {
  const item = object.items.find((i) => i.keyName === 'source');
  if (!item) {
    return [
      diagnostic(
        file,
        object.range,
        'invalid-plugin-requirement',
        `No source was set: the source field must be specified as a string, e.g. source = "github.com/hashicorp/${entry.name}".`,
      ),
    ];
  }
  const source = staticString(item.value);
  if (source === undefined) return [];
  const parsed = parsePluginSource(source);
  if (parsed.ok) return [];
  return [
    diagnostic(
      file,
      item.value.range,
      'invalid-plugin-source',
      `Failed to parse source: ${parsed.error.replace(/\n+\* /g, ' * ').replace(/\n+/g, ' ')}`,
    ),
  ];
}
