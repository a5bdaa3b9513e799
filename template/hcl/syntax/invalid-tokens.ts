/**
 * Faults of single tokens, found by HCL's scanner pass rather than by its
 * parser (hclsyntax's checkInvalidTokens): characters the language does not
 * use, and operators it does not have.
 */
import type { Token } from '../hcl-lexer.js';
import type { SyntaxFault } from './parser-state.js';

const QUOTED_NEWLINE =
  'Invalid multi-line string; Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.';

const CURLY_QUOTES = new Set(['\u201c', '\u201d']);
const BITWISE_HINT: Record<string, string> = {
  '&': ' Did you mean boolean AND ("&&")?',
  '|': ' Did you mean boolean OR ("||")?',
  '~': ' Did you mean boolean NOT ("!")?',
};

/**
 * Faults of single tokens, reported whatever the parser makes of them, with
 * HCL's limits: a few bitwise operators, one semicolon, and only every other
 * backtick or apostrophe (the opening one of a pair).
 */
export function invalidTokenFaults(text: string, tokens: Token[]): SyntaxFault[] {
  const faults: SyntaxFault[] = [];
  const told = { bitwise: 0, semicolon: 0, backtick: 0, apostrophe: 0 };
  for (const token of tokens) {
    const fault = (message: string): void => void faults.push({ start: token.start, end: token.end, message });
    switch (token.type) {
      case 'invalid':
        fault(
          CURLY_QUOTES.has(text[token.start]!)
            ? 'Invalid character; "Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".'
            : 'Invalid character; This character is not used within the language.',
        );
        break;
      case 'semicolon':
        if (told.semicolon++ < 1) {
          fault(
            'Invalid character; The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
          );
        }
        break;
      case 'backtick':
        if (told.backtick % 2 === 0)
          fault(
            'Invalid character; The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
          );
        if (told.backtick <= 2) told.backtick++;
        break;
      case 'apostrophe':
        if (told.apostrophe % 2 === 0)
          fault('Invalid character; Single quotes are not valid. Use double quotes (") to enclose strings.');
        if (told.apostrophe <= 2) told.apostrophe++;
        break;
      case 'bitwise':
        if (told.bitwise++ < 4)
          fault(`Unsupported operator; Bitwise operators are not supported.${BITWISE_HINT[text[token.start]!] ?? ''}`);
        break;
      case 'quotedNewline':
        fault(QUOTED_NEWLINE);
        break;
      default:
        break;
    }
  }
  return faults;
}
