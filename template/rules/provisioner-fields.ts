/**
 * The one-of rules of Packer's shell, file and shell-local provisioners
 * (their Prepare checks), marking the provisioner header or the field.
 */
import type { ProvisionerDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import { type Fields, listItems } from './rule-context.js';

export function checkProvisionerFields(provisioner: ProvisionerDecl, fields: Fields): Diagnostic[] {
  switch (provisioner.type) {
    case 'shell':
      return [
        ...exclusive(provisioner, fields, ['inline', 'script', 'scripts'], 'Either inline, script or scripts must be specified (exactly one of them).'),
        ...environmentVars(provisioner, fields),
      ];
    case 'shell-local':
      return [
        ...exclusive(provisioner, fields, ['command', 'inline', 'script', 'scripts'], 'One of command, inline, script or scripts must be specified (exactly one of them).'),
        ...environmentVars(provisioner, fields),
      ];
    case 'file':
      return fileRules(provisioner, fields);
    default:
      return [];
  }
}

function exclusive(provisioner: ProvisionerDecl, fields: Fields, names: string[], missingMessage: string): Diagnostic[] {
  const present = names.filter((n) => fields.has(n));
  if (present.length === 0) return [diagnostic(provisioner.file, provisioner.headerRange, 'missing-field', `${provisioner.type} provisioner: ${missingMessage}`)];
  return present.slice(1).map((name) =>
    diagnostic(provisioner.file, fields.attribute(name)!.nameRange, 'conflicting-fields',
      `${provisioner.type} provisioner: ${name} cannot be used together with ${present[0]}; keep only one of ${names.join(', ')}.`));
}

function fileRules(provisioner: ProvisionerDecl, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sources = ['source', 'sources', 'content'].filter((n) => fields.has(n));
  if (sources.length === 0) {
    out.push(diagnostic(provisioner.file, provisioner.headerRange, 'missing-field', 'file provisioner: source, sources or content must be specified.'));
  }
  for (const name of sources.slice(1)) {
    out.push(diagnostic(provisioner.file, fields.attribute(name)!.nameRange, 'conflicting-fields',
      `file provisioner: ${name} cannot be used together with ${sources[0]}; keep only one.`));
  }
  if (fields.string('direction') === 'download' && fields.has('content')) {
    out.push(diagnostic(provisioner.file, fields.attribute('content')!.nameRange, 'conflicting-fields', 'file provisioner: content can only be uploaded, not used with direction = "download".'));
  }
  return out;
}

/** Packer splits each entry at the first "=": an entry without one is an error. */
function environmentVars(provisioner: ProvisionerDecl, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of listItems(fields.attribute('environment_vars')) ?? []) {
    const entry = fields.evaluate(item);
    if (typeof entry === 'string' && !/^[^=]+=/.test(entry)) {
      out.push(diagnostic(provisioner.file, item.range, 'invalid-environment-var',
        `${provisioner.type} provisioner: environment_vars entries are "KEY=value"; "${entry}" has no key or no "=".`));
    }
  }
  return out;
}
