/**
 * Plugin components: the builders, provisioners, post-processors and data
 * sources a template names by type. Packer's core ships some (they need no
 * `required_plugins` entry); every other type comes from a plugin, whose
 * name is the type itself or its prefix before a dash (plugin `amazon`
 * provides `amazon-ebs` and `amazon-chroot`; plugin `arm-image` provides
 * `arm-image`).
 */

/** The kinds of component a block's type label names. */
export type ComponentKind = 'source' | 'provisioner' | 'post-processor' | 'data-source';

/** Components built into Packer 1.12 (hashicorp/packer `command/execute.go`). */
const BUILT_IN: Readonly<Record<ComponentKind, readonly string[]>> = {
  source: ['file', 'null'],
  provisioner: [
    'breakpoint',
    'file',
    'hcp-sbom',
    'powershell',
    'shell',
    'shell-local',
    'sleep',
    'windows-restart',
    'windows-shell',
  ],
  'post-processor': ['artifice', 'checksum', 'compress', 'manifest', 'shell-local'],
  'data-source': [
    'hcp-packer-artifact',
    'hcp-packer-image',
    'hcp-packer-iteration',
    'hcp-packer-version',
    'http',
    'null',
  ],
};

/** True for a component Packer itself ships. */
export function isBuiltInComponent(kind: ComponentKind, type: string): boolean {
  return BUILT_IN[kind].includes(type);
}

/** Whether a plugin of this name provides a component of this type. */
export function pluginProvides(pluginName: string, type: string): boolean {
  return type === pluginName || type.startsWith(`${pluginName}-`);
}

/** The plugin name Packer's documentation points to for a type: its first word (`amazon-ebs` → `amazon`). */
export function likelyPluginName(type: string): string {
  return type.split('-')[0]!;
}

/** How messages name a kind: a source's type is a builder. */
export function componentNoun(kind: ComponentKind): string {
  return kind === 'source' ? 'builder' : kind === 'data-source' ? 'data source' : kind;
}
