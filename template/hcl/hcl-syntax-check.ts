/**
 * HCL's syntax rules, checked on {@link scanHcl} tokens by a recursive
 * descent that follows HashiCorp's hclsyntax parser: the same grammar
 * (newline-terminated arguments, single-line blocks, newlines that count in
 * bodies and objects but not inside brackets), the same messages
 * ("Summary; Detail.") on the same tokens, and the same recovery (after the
 * first parse error further parse errors are suppressed, as in HCL).
 *
 * It produces diagnostics only; the model comes from tree-sitter. The parser
 * is in syntax/, split as hclsyntax's is: body.ts (arguments, blocks,
 * labels), expressions.ts and collections.ts, templates.ts, traversals.ts,
 * over one parser-state.ts; invalid-tokens.ts holds the faults of single
 * tokens.
 */
import { scanHcl, type ScanOptions, type Token } from './hcl-lexer.js';
import { firstTooDeep, mayNestTooDeep, NESTED_TOO_DEEPLY } from '../nesting-limit.js';
import { parseBody } from './syntax/body.js';
import { nestingDelta, OPENING_CHARACTERS } from './syntax/brackets.js';
import { invalidTokenFaults } from './syntax/invalid-tokens.js';
import { ParserState, type SyntaxFault } from './syntax/parser-state.js';

export type { SyntaxFault };

/** Diagnostic code of every HCL syntax error. */
export const HCL_SYNTAX = 'hcl-syntax';

export interface SyntaxCheck {
  /** The errors HCL reports, in its order (token faults first). */
  faults: SyntaxFault[];
  /**
   * Further faults found after the first parse error, which HCL does not
   * report (its recovery may misjudge them) — still good hints of which
   * lines are broken, for structure recovery.
   */
  suppressed: SyntaxFault[];
  /**
   * Arguments set again in the same body ("Attribute redefined", at the
   * second name), which HCL's parser reports among its own errors. Apart
   * from `faults` because the parser's model checks them on its own tree.
   */
  redefined: SyntaxFault[];
  /** Nesting past MAX_NESTING: the one fault; nothing may walk this text's tree. */
  tooDeep: boolean;
  /** The scanner's tokens (where top-level items end: top-level-chunks.ts). */
  tokens: readonly Token[];
}

export type SyntaxCheckOptions = ScanOptions;

/** Checks the text as HCL's parser would; `file` names places in messages, as HCL does. */
export function checkHclSyntax(text: string, file = '', options: SyntaxCheckOptions = {}): SyntaxCheck {
  const tokens = scanHcl(text, options);
  const tooDeep = mayNestTooDeep(text, OPENING_CHARACTERS) ? firstTooDeep(tokens, nestingDelta) : undefined;
  if (tooDeep) return nestedTooDeeply(tooDeep, tokens);
  const p = new ParserState(text, tokens, file);
  try {
    parseBody(p, 'eof');
  } catch (err) {
    // Deep operator chains (`- - - … a`) nest without brackets.
    if (!(err instanceof RangeError)) throw err;
    return nestedTooDeeply(p.currentToken(), tokens);
  }
  return {
    faults: [...invalidTokenFaults(text, tokens), ...p.faults],
    suppressed: p.suppressed,
    redefined: p.redefined,
    tooDeep: false,
    tokens,
  };
}

/** The one fault of a text nested past the limit, at the token that crosses it. */
function nestedTooDeeply(at: Token, tokens: readonly Token[]): SyntaxCheck {
  return {
    faults: [{ start: at.start, end: at.end, message: NESTED_TOO_DEEPLY }],
    suppressed: [],
    redefined: [],
    tooDeep: true,
    tokens,
  };
}
