/**
 * `command_wrapper` without `{{.Command}}` runs the wrapper instead of the
 * command: every chroot command would silently do nothing useful.
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import type { Fields } from './rule-context.js';

const COMMAND_ACTION = /\{\{-?\s*\.Command\s*-?\}\}/;

export function checkCommandWrapper(file: string, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('command_wrapper');
  const wrapper = fields.string('command_wrapper');
  if (!attribute || wrapper === undefined || COMMAND_ACTION.test(wrapper)) return [];
  return [
    diagnostic(
      file,
      attribute.value.range,
      'command-wrapper-without-command',
      'command_wrapper does not contain {{.Command}}: the commands to run would be dropped. Add {{.Command}} where the command goes, e.g. "sudo {{.Command}}".',
      'warning',
      { suggestions: [`${wrapper} {{.Command}}`.trim()] },
    ),
  ];
}
