/**
 * What of a parsed `{{ }}` template lies at a position: the action, the
 * innermost operand (a `.Field`, a function name, a string argument) and,
 * inside a command, which argument the position is on. For hover,
 * completion and signature help in the language server.
 */
import type { Position } from '../model.js';
import { comparePositions, rangeContains } from '../text/range.js';
import type { ActionNode, Command, GoTemplate, Operand, Pipeline } from './go-template-ast.js';

export interface GoTemplateLocation {
  action: ActionNode;
  /** The innermost operand containing the position, if any. */
  operand?: Operand;
  /** The innermost command containing the position (its args[0] is the function, if one is called). */
  command?: Command;
  /**
   * 0-based index of the argument at the position within `command`
   * (0 = the function name itself); between arguments, the next one.
   */
  argumentIndex?: number;
}

/** The action at `position` and what of it is there; undefined outside every action. */
export function locateInGoTemplate(template: GoTemplate, position: Position): GoTemplateLocation | undefined {
  const action = template.nodes.find((n): n is ActionNode => n.kind === 'action' && rangeContains(n.range, position));
  if (!action) return undefined;
  const location: GoTemplateLocation = { action };
  if (action.pipeline) descend(action.pipeline, position, location);
  return location;
}

/** Narrows `location` to the innermost command and operand at the position. */
function descend(pipeline: Pipeline, position: Position, location: GoTemplateLocation): void {
  const command = commandAt(pipeline, position);
  if (!command) return;
  location.command = command;
  location.argumentIndex = argumentIndexAt(command, position);
  const operand = command.args.find((a) => rangeContains(a.range, position));
  if (!operand) return;
  location.operand = operand;
  const inner =
    operand.kind === 'paren' ? operand.pipeline : operand.kind === 'chain' ? operand.target.pipeline : undefined;
  if (inner && rangeContains(inner.range, position)) {
    location.operand = undefined;
    descend(inner, position, location);
  }
}

/** The command containing the position, else the last one ending before it (`{{split "a" |}}`). */
function commandAt(pipeline: Pipeline, position: Position): Command | undefined {
  const containing = pipeline.commands.find((c) => rangeContains(c.range, position));
  if (containing) return containing;
  return [...pipeline.commands].reverse().find((c) => comparePositions(c.range.end, position) <= 0);
}

function argumentIndexAt(command: Command, position: Position): number {
  let index = 0;
  for (const [i, arg] of command.args.entries()) {
    if (rangeContains(arg.range, position)) return i;
    if (comparePositions(arg.range.end, position) < 0) index = i + 1;
  }
  return index;
}
