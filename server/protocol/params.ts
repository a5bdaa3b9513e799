/**
 * The shape of request parameters, checked before a feature runs: a
 * malformed request is answered InvalidParams with a plain sentence naming
 * the field, never an internal error with a JavaScript message. Only what
 * the features read is checked; extra fields are the client's business.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The parts of a request's params a feature reads. */
export type ParamPart = 'textDocument' | 'position' | 'range' | 'newName' | 'references' | 'codeAction' | 'options';

type Check = (params: Record<string, unknown>) => string | undefined;

const CHECKS: Record<ParamPart, Check> = {
  textDocument: (p) =>
    isObject(p.textDocument) && typeof p.textDocument.uri === 'string'
      ? undefined
      : 'textDocument must be { uri: string }',
  position: (p) => positionProblem(p.position, 'position'),
  range: (p) => rangeProblem(p.range, 'range'),
  newName: (p) => (typeof p.newName === 'string' ? undefined : 'newName must be a string'),
  references: (p) =>
    isObject(p.context) && typeof p.context.includeDeclaration === 'boolean'
      ? undefined
      : 'context must be { includeDeclaration: boolean }',
  codeAction: (p) => {
    if (!isObject(p.context) || !Array.isArray(p.context.diagnostics))
      return 'context must be { diagnostics: Diagnostic[] }';
    const only = p.context.only;
    if (only !== undefined && only !== null && !(Array.isArray(only) && only.every((k) => typeof k === 'string')))
      return 'context.only must be a list of strings';
    const bad = p.context.diagnostics.findIndex((d) => !isObject(d) || rangeProblem(d.range, 'range') !== undefined);
    return bad < 0 ? undefined : `context.diagnostics[${bad}] must be a diagnostic with a range`;
  },
  options: (p) => (isObject(p.options) ? undefined : 'options must be formatting options { tabSize, insertSpaces }'),
};

/** Throws InvalidParams when a part the method reads is missing or malformed. */
export function checkParams(method: string, params: unknown, parts: readonly ParamPart[]): void {
  if (!isObject(params)) throw invalid(method, 'params must be an object');
  for (const part of parts) {
    const problem = CHECKS[part](params);
    if (problem) throw invalid(method, problem);
  }
}

/** Why a value is not an LSP position (whole numbers, not negative), or undefined. */
export function positionProblem(value: unknown, name: string): string | undefined {
  return isObject(value) && isIndex(value.line) && isIndex(value.character)
    ? undefined
    : `${name} must be { line, character } with whole numbers from 0`;
}

/** Why a value is not an LSP range, or undefined. */
export function rangeProblem(value: unknown, name: string): string | undefined {
  if (!isObject(value)) return `${name} must be { start, end } positions`;
  return positionProblem(value.start, `${name}.start`) ?? positionProblem(value.end, `${name}.end`);
}

function invalid(method: string, problem: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}`);
}

function isIndex(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
