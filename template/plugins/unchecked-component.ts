/**
 * A plugin component chrootforge has no schema for (a `qemu` builder, an
 * `ansible` provisioner, a `docker-push` post-processor, an `amazon-ami` data
 * source): its settings are not checked, which is a warning and never an
 * error — the template may well be valid. Where the configuration declares
 * `required_plugins` and none of them provides the type (and Packer does not
 * ship it), the warning says so: `packer init` would not install it.
 *
 * The expressions of such a block are still evaluated, so what is wrong in
 * them whatever the plugin (an undeclared variable, an unknown function) is
 * reported as anywhere else.
 */
import { diagnostic } from '../diagnostic.js';
import { UNKNOWN, type Value } from '../evaluation-model.js';
import type { Body, Diagnostic, Expr, Range } from '../model.js';
import type { Iterators } from '../schema/body-to-json.js';
import { knownTypes } from '../schema/registry.js';
import type { SchemaKind } from '../schema/schema-types.js';
import { didYouMean, suggest } from '../suggest.js';
import { type ComponentKind, componentNoun, isBuiltInComponent, likelyPluginName } from './components.js';
import { requiredPluginProvides, type RequiredPlugins } from './required-plugins.js';

/** Stable codes, one per kind. */
const CODES: Readonly<Record<ComponentKind, string>> = {
  source: 'unknown-builder-type',
  provisioner: 'unknown-provisioner-type',
  'post-processor': 'unknown-post-processor-type',
  'data-source': 'unknown-data-source-type',
};

export function uncheckedComponent(
  kind: SchemaKind,
  type: string,
  file: string,
  range: Range,
  required: RequiredPlugins,
): Diagnostic {
  const component = kind as ComponentKind;
  const noun = componentNoun(component);
  const suggestions = suggest(type, knownTypes(kind));
  const parts = [`chrootforge has no schema for the ${noun} "${type}": its settings are not checked.`];
  if (!isBuiltInComponent(component, type) && required.declared && !requiredPluginProvides(required, type)) {
    parts.push(
      `No plugin in required_plugins provides it: Packer looks for "${type}" in a plugin named "${likelyPluginName(type)}" (or "${type}"); add that plugin to required_plugins, or install it with \`packer plugins install\`.`,
    );
  }
  const hint = didYouMean(suggestions);
  return diagnostic(file, range, CODES[component], `${parts.join(' ')}${hint}`, 'warning', { suggestions });
}

/** Evaluates every argument of a body not checked by a schema, `dynamic` blocks expanded with unknown iterators. */
export function evaluateUnchecked(body: Body, evaluate: (expr: Expr, iterators?: Iterators) => Value): void {
  const visit = (current: Body, iterators: Iterators): void => {
    for (const attribute of current.attributes) evaluate(attribute.value, iterators);
    for (const block of current.blocks) {
      const label = block.labels[0];
      if (block.type !== 'dynamic' || !label) {
        visit(block.body, iterators);
        continue;
      }
      const iterator = block.body.attributes.find((a) => a.name === 'iterator')?.value;
      const name = iterator?.type === 'traversal' && iterator.steps.length === 0 ? iterator.root : label.value;
      for (const attribute of block.body.attributes) {
        if (attribute.name !== 'iterator') evaluate(attribute.value, iterators);
      }
      const content = block.body.blocks.find((b) => b.type === 'content');
      if (content) visit(content.body, { ...iterators, [name]: UNKNOWN });
    }
  };
  visit(body, {});
}
