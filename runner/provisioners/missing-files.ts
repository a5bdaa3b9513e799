/**
 * Local files the provisioners will read (scripts, upload sources), checked
 * before the first provisioner runs: validation only warns about missing
 * files, and a build must not fail half-way through for a typo.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProvisionerPlan } from '../../template/index.js';

/** One line per missing local file, naming the provisioner; empty when all exist. */
export function missingProvisionerFiles(provisioners: ProvisionerPlan[], templateDir: string): string[] {
  const problems: string[] = [];
  for (const p of provisioners) {
    const local: string[] = [];
    if (p.type === 'shell' || p.type === 'shell-local')
      local.push(...(p.script ? [p.script] : []), ...(p.scripts ?? []));
    if (p.type === 'file' && p.direction === 'upload')
      local.push(...(p.source !== undefined ? [p.source] : []), ...(p.sources ?? []));
    for (const file of local) {
      if (!existsSync(resolve(templateDir, file)))
        problems.push(`${p.type} provisioner: ${p.type === 'file' ? 'source' : 'script'} ${file} does not exist`);
    }
  }
  return problems;
}
