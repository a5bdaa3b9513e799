/**
 * Every configuration rule beyond the schema, in one list. Each rule lives
 * in its own file and is a pure function of the configuration and its
 * evaluation; codes are listed in docs/diagnostics.md.
 */
import type { Configuration, SourceDecl } from '../configuration-model.js';
import type { Diagnostic } from '../model.js';
import { checkAmazonChroot } from './amazon-chroot.js';
import { checkArm } from './arm.js';
import { checkArmImage } from './arm-image.js';
import { checkAzureChroot } from './azure-chroot.js';
import { checkBuildSources } from './build-sources.js';
import { checkChrootMounts } from './chroot-mounts.js';
import { checkChrootSource } from './chroot-source.js';
import { checkCommandWrapper } from './command-wrapper.js';
import { checkPackerBlocks } from './packer-block.js';
import { inUseFiles, sourceUses } from '../configuration/source-uses.js';
import { Fields, type RuleContext } from './rule-context.js';

type SourceRule = (source: SourceDecl, fields: Fields, config: Configuration) => Diagnostic[];

/** Rules shared by the builders that use Packer's chroot steps (chroot_mounts triples, command_wrapper). */
const CHROOT_FAMILY: SourceRule[] = [(s, f) => checkChrootMounts(s.file, f), (s, f) => checkCommandWrapper(s.file, f)];

const SOURCE_RULES: Record<string, SourceRule[]> = {
  chroot: [...CHROOT_FAMILY, checkChrootSource],
  'amazon-chroot': [...CHROOT_FAMILY, checkAmazonChroot],
  'azure-chroot': [...CHROOT_FAMILY, checkAzureChroot],
  // packer-builder-arm has its own mount blocks and no command_wrapper; arm-image has both, as Packer's chroot builders.
  arm: [checkArm],
  'arm-image': [...CHROOT_FAMILY, checkArmImage],
};

export function runRules(ctx: RuleContext): Diagnostic[] {
  const out = [...checkBuildSources(ctx.config), ...checkPackerBlocks(ctx.config)];
  // Each source as its builds use it: a build's `source "T.N" { … }` block may fill its fields.
  for (const use of sourceUses(ctx.config)) {
    const source = { ...use.source, body: use.body };
    const fields = Fields.ofUse(use, ctx.evaluation);
    for (const rule of SOURCE_RULES[source.type] ?? []) out.push(...inUseFiles(use, rule(source, fields, ctx.config)));
  }
  return out;
}
