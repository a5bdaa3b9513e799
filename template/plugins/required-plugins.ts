/**
 * What a configuration's `packer { required_plugins { … } }` blocks declare:
 * one entry per attribute, `NAME = { version = "…", source = "HOST/NS/NAME" }`.
 * Read from the syntax (Packer evaluates these with no variables and no
 * functions, so what is not a literal is not a requirement).
 */
import type { Configuration } from '../configuration-model.js';
import type { Attribute, Block } from '../model.js';
import { staticString } from '../static-value.js';
import { parsePluginSource } from './plugin-source.js';
import { type ComponentKind, isBuiltInComponent, likelyPluginName, pluginProvides } from './components.js';

export interface RequiredPlugin {
  /** The entry's local name (its attribute name). */
  localName: string;
  /** The plugin name from its source address (its last part), when the source parses. */
  sourceName?: string;
  attribute: Attribute;
  file: string;
}

export interface RequiredPlugins {
  /** True when any `packer` block has a `required_plugins` block. */
  declared: boolean;
  plugins: RequiredPlugin[];
}

/** The `required_plugins` blocks of every `packer` block, in order. */
export function requiredPluginsBlocks(config: Configuration): Array<{ file: string; block: Block }> {
  return config.packerBlocks.flatMap((packer) =>
    packer.body.blocks.filter((b) => b.type === 'required_plugins').map((block) => ({ file: packer.file, block })),
  );
}

export function requiredPlugins(config: Configuration): RequiredPlugins {
  const blocks = requiredPluginsBlocks(config);
  const plugins = blocks.flatMap(({ file, block }) =>
    block.body.attributes.map((attribute): RequiredPlugin => {
      const source = attribute.value.type === 'object' ? sourceText(attribute) : undefined;
      const parsed = source === undefined ? undefined : parsePluginSource(source);
      return {
        localName: attribute.name,
        attribute,
        file,
        ...(parsed?.ok ? { sourceName: parsed.name } : {}),
      };
    }),
  );
  return { declared: blocks.length > 0, plugins };
}

/** Whether some declared plugin provides a component type (by its local name or its source's name). */
export function requiredPluginProvides(required: RequiredPlugins, type: string): boolean {
  return required.plugins.some(
    (p) => pluginProvides(p.localName, type) || (p.sourceName !== undefined && pluginProvides(p.sourceName, type)),
  );
}

function sourceText(attribute: Attribute): string | undefined {
  if (attribute.value.type !== 'object') return undefined;
  return staticString(attribute.value.items.find((i) => i.keyName === 'source')?.value);
}

/** The component types a configuration names, by kind. */
export function componentTypes(config: Configuration): Array<{ kind: ComponentKind; type: string }> {
  const builds = config.builds.flatMap((b) => [
    ...b.provisioners.map((p) => ({ kind: 'provisioner' as const, type: p.type })),
    ...(b.errorCleanupProvisioner ? [{ kind: 'provisioner' as const, type: b.errorCleanupProvisioner.type }] : []),
    ...b.postProcessors.map((p) => ({ kind: 'post-processor' as const, type: p.type })),
  ]);
  return [
    ...config.sources.map((s) => ({ kind: 'source' as const, type: s.type })),
    ...config.dataSources.map((d) => ({ kind: 'data-source' as const, type: d.type })),
    ...builds,
  ];
}

/**
 * Plugins the configuration uses that no `required_plugins` entry provides
 * (Packer's own components and chrootforge's `chroot` builder excluded), by
 * the name Packer looks them up under, each with a type that needs it.
 */
export function pluginsNeeded(config: Configuration): Array<{ plugin: string; type: string }> {
  const required = requiredPlugins(config);
  const needed = new Map<string, string>();
  for (const { kind, type } of componentTypes(config)) {
    if (isBuiltInComponent(kind, type) || (kind === 'source' && type === 'chroot')) continue;
    if (requiredPluginProvides(required, type)) continue;
    const plugin = likelyPluginName(type);
    if (!needed.has(plugin)) needed.set(plugin, type);
  }
  return [...needed].map(([plugin, type]) => ({ plugin, type }));
}
