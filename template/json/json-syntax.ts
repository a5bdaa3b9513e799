/**
 * Reading JSON text with positions: jsonc-parser's tree (offsets for every
 * node, recovery past errors) and its syntax errors as diagnostics, worded
 * for the file's dialect — a legacy template's plain explanations, or HCL's
 * JSON parser's summaries and details for `*.pkr.json` (hcl json/parser.go),
 * which is what Packer prints for those files.
 */
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../model.js';
import { firstTooDeep, mayNestTooDeep, NESTED_TOO_DEEPLY, type Span } from '../nesting-limit.js';
import { LineIndex } from '../text/line-index.js';

/**
 * The stable code of a JSON value whose type is not what HCL's JSON syntax
 * needs there (a root that is no object, a block, a label level, a body).
 */
export const HCL_JSON_STRUCTURE_CODE = 'hcl-json-structure';

/** Legacy templates and their var files, or HCL2 files in JSON syntax. */
export type JsonDialect = 'legacy' | 'hcl';

export interface JsonText {
  lines: LineIndex;
  /** The tree; undefined when the text holds no value or nests too deeply. */
  root: Node | undefined;
  /** `json-syntax` errors at their faults. */
  diagnostics: Diagnostic[];
}

const LEGACY_TEXT: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected ":" after the property name',
  CommaExpected: 'Expected "," between members',
  CloseBraceExpected: 'Expected "}" to close the object',
  CloseBracketExpected: 'Expected "]" to close the array',
  EndOfFileExpected: 'Expected the end of the file after the template object',
  InvalidCommentToken: 'Comments are not allowed in JSON templates',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape sequence',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid character',
};

const START_OF_VALUE = 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.';
const BAD_STRING = 'Invalid JSON string; There is a syntax error in the given JSON string.';
const BAD_NUMBER = 'Invalid JSON number; There is a syntax error in the given JSON number.';
const NO_COMMENTS = `Invalid start of value; ${START_OF_VALUE} HCL's JSON syntax has no comments: a "//" property of a block holds one.`;

/** Parses JSON text. Never throws. */
export function readJson(path: string, text: string, dialect: JsonDialect): JsonText {
  const lines = new LineIndex(text);
  const error = (start: number, end: number, message: string): Diagnostic => ({
    file: path,
    range: lines.rangeOf(start, end),
    severity: 'error',
    code: 'json-syntax',
    message,
  });
  // Every token that opens a level is a `{` or `[` of the text.
  const tooDeep = mayNestTooDeep(text, ['{', '[']) ? firstTooDeep(jsonTokens(text), (t) => t.delta) : undefined;
  if (tooDeep) return { lines, root: undefined, diagnostics: [error(tooDeep.start, tooDeep.end, NESTED_TOO_DEEPLY)] };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  // HCL's JSON parser gives up at its first fault (what follows would be its echo), as its native parser does.
  const faults = dialect === 'hcl' ? errors.slice(0, 1) : rootCauses(errors);
  const diagnostics = faults.map((e) => {
    const message =
      dialect === 'hcl'
        ? hclMessage(text, e)
        : (LEGACY_TEXT[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error));
    return error(e.offset, e.offset + Math.max(e.length, 1), message);
  });
  return { lines, root, diagnostics };
}

/**
 * One error per root cause: jsonc-parser reports each structure an early
 * fault leaves open (an unterminated string at the end of the text is
 * followed by "expected :", "expected }" and "expected ]" at that end). An
 * error starting where the last one kept ends, or before, is its echo.
 */
function rootCauses(errors: ParseError[]): ParseError[] {
  const kept: ParseError[] = [];
  let end = -1;
  for (const error of errors) {
    if (error.offset <= end) continue;
    kept.push(error);
    end = error.offset + error.length;
  }
  return kept;
}

/** Brackets as jsonc-parser's scanner sees them (strings skipped): +1 opens, -1 closes. */
function* jsonTokens(text: string): Generator<Span & { delta: number }> {
  const scanner = createScanner(text, true);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const opens = kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken;
    const closes = kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken;
    if (opens || closes)
      yield { start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + 1, delta: opens ? 1 : -1 };
  }
}

/** HCL's wording (json/parser.go, json/scanner.go) for a jsonc-parser error, told apart by the text around it. */
function hclMessage(text: string, error: ParseError): string {
  const before = text.slice(0, error.offset).trimEnd().at(-1);
  const at = text[error.offset];
  switch (printParseErrorCode(error.error)) {
    case 'PropertyNameExpected':
      return before === ',' && at === '}'
        ? 'Trailing comma in object; JSON does not permit a trailing comma after the final property in an object.'
        : 'Invalid object property name; A JSON object property name must be a string';
    case 'ValueExpected':
      if (before === ',' && at === ']')
        return 'Trailing comma in array; JSON does not permit a trailing comma after the final value in an array.';
      if (at === undefined) return 'Missing value; The JSON data ends prematurely.';
      if (at === '}') return `Missing JSON value; ${START_OF_VALUE}`;
      if (at === ']') return `Missing array element value; ${START_OF_VALUE}`;
      return `Invalid start of value; ${START_OF_VALUE}`;
    case 'InvalidSymbol':
      if (at === '=' && before === '"')
        return 'Missing property value colon; JSON uses a colon as its name/value delimiter, not an equals sign.';
      return invalidKeyword(text, error) ?? `Invalid start of value; ${START_OF_VALUE}`;
    case 'ColonExpected':
      if (at === '=')
        return 'Missing property value colon; JSON uses a colon as its name/value delimiter, not an equals sign.';
      if (at === '}' || at === ',')
        return 'Missing object value; A JSON object attribute must have a value, introduced by a colon.';
      return "Missing property value colon; A colon must appear between an object property's name and its value.";
    case 'CommaExpected':
      return innermostOpen(text, error.offset) === '['
        ? 'Missing attribute seperator comma; A comma must appear between each value in an array.'
        : 'Missing attribute seperator comma; A comma must appear between each property definition in an object.';
    case 'CloseBraceExpected':
      return 'Unclosed object; No closing brace was found for this JSON object.';
    case 'CloseBracketExpected':
      return 'Unclosed object; No closing bracket was found for this JSON array.';
    case 'EndOfFileExpected':
      return 'Extraneous data after value; Extra characters appear after the JSON value.';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return NO_COMMENTS;
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return BAD_NUMBER;
    case 'UnexpectedEndOfString':
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
    case 'InvalidCharacter':
      return BAD_STRING;
    default:
      return invalidKeyword(text, error) ?? `Invalid start of value; ${START_OF_VALUE}`;
  }
}

/** A word where a value belongs (`True`, `undefined`): HCL's "Invalid JSON keyword". */
function invalidKeyword(text: string, error: ParseError): string | undefined {
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(error.offset, error.offset + Math.max(error.length, 1) + 64));
  if (!word) return undefined;
  const lower = word[0].toLowerCase();
  const hint = ['true', 'false', 'null'].includes(lower) && lower !== word[0] ? ` Did you mean "${lower}"?` : '';
  return `Invalid JSON keyword; "${word[0]}" is not a valid JSON keyword.${hint}`;
}

/** The bracket (`{` or `[`) whose contents the offset is in, by a scan of the text before it. */
function innermostOpen(text: string, offset: number): string | undefined {
  const scanner = createScanner(text.slice(0, offset), true);
  const open: string[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken) open.push('{');
    else if (kind === SyntaxKind.OpenBracketToken) open.push('[');
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) open.pop();
  }
  return open.at(-1);
}
