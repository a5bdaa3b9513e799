/**
 * Local files the provisioners will read (scripts, upload sources,
 * playbooks, roles, inventories) and host programs they will run (the
 * `ansible` provisioner's ansible-playbook), checked before the first
 * provisioner runs: validation only warns about missing files, and a build
 * must not fail half-way through for a typo.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ProvisionerPlan } from '../../template/index.js';
import { onPath } from '../preflight.js';

/** A local path a provisioner reads, named by its field. */
interface LocalInput {
  field: string;
  path: string;
  kind: 'file' | 'directory' | 'file or directory';
}

/** One line per missing local file or program, naming the provisioner; empty when all exist. */
export function missingProvisionerFiles(
  provisioners: ProvisionerPlan[],
  templateDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const problems: string[] = [];
  for (const p of provisioners) {
    for (const input of inputsOf(p)) {
      const path = resolve(templateDir, input.path);
      if (!existsSync(path)) {
        problems.push(`${p.type} provisioner: ${input.field} ${input.path} does not exist`);
        continue;
      }
      const isDirectory = statSync(path).isDirectory();
      if (input.kind === 'file' && isDirectory)
        problems.push(`${p.type} provisioner: ${input.field} ${input.path} must point to a file`);
      if (input.kind === 'directory' && !isDirectory)
        problems.push(`${p.type} provisioner: ${input.field} ${input.path} must point to a directory`);
    }
    for (const [field, program] of hostProgramsOf(p)) {
      const found =
        isAbsolute(program) || program.includes('/') ? existsSync(program) : onPath(program, env.PATH ?? '');
      if (!found)
        problems.push(
          `${p.type} provisioner: ${field} ${program} is not installed on this host: install Ansible (Debian: apt-get install ansible) or set ${field}; skip_version_check = true leaves this check to when the provisioner runs`,
        );
    }
  }
  return problems;
}

function inputsOf(p: ProvisionerPlan): LocalInput[] {
  const files = (field: string, paths: Array<string | undefined>): LocalInput[] =>
    paths.filter((path) => path !== undefined).map((path) => ({ field, path, kind: 'file' as const }));
  const directories = (field: string, paths: Array<string | undefined>): LocalInput[] =>
    paths.filter((path) => path !== undefined).map((path) => ({ field, path, kind: 'directory' as const }));
  switch (p.type) {
    case 'shell':
    case 'shell-local':
      return [...files('script', [p.script]), ...files('script', p.scripts ?? [])];
    case 'file':
      if (p.direction !== 'upload') return [];
      return [p.source, ...(p.sources ?? [])]
        .filter((path) => path !== undefined)
        .map((path) => ({ field: 'source', path, kind: 'file or directory' as const }));
    case 'ansible':
      return [
        ...files('playbook_file', [p.playbook_file]),
        ...files('galaxy_file', [p.galaxy_file]),
        // Ansible takes a directory or a host list (`a,b,`) here too; only a path is checked.
        ...(p.inventory_file && !p.inventory_file.includes(',')
          ? [{ field: 'inventory_file', path: p.inventory_file, kind: 'file or directory' as const }]
          : []),
        ...directories('inventory_directory', [p.inventory_directory]),
      ];
    case 'ansible-local':
      return [
        ...files('playbook_file', [p.playbook_file]),
        ...files('playbook_files', p.playbook_files ?? []),
        ...files('inventory_file', [p.inventory_file]),
        ...files('galaxy_file', [p.galaxy_file]),
        ...directories('playbook_dir', [p.playbook_dir]),
        ...directories('group_vars', [p.group_vars]),
        ...directories('host_vars', [p.host_vars]),
        ...directories('playbook_paths', p.playbook_paths),
        ...directories('role_paths', p.role_paths),
        ...directories('collection_paths', p.collection_paths),
      ];
  }
}

/** [field, program] the provisioner runs on the host, checked unless it may be installed during the build. */
function hostProgramsOf(p: ProvisionerPlan): Array<[string, string]> {
  if (p.type !== 'ansible' || p.skip_version_check) return [];
  return [['command', p.command], ...(p.galaxy_file ? [['galaxy_command', p.galaxy_command] as [string, string]] : [])];
}
