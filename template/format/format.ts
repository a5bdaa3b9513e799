/**
 * `formatHcl`: canonical HCL formatting, byte-identical to `packer fmt`
 * (hclwrite.Format as Packer 1.6.6 applies it). Like packer fmt, a file
 * with syntax errors is not formatted: the errors come back instead.
 */
import type { Diagnostic } from '../model.js';
import { LineIndex } from '../text/line-index.js';
import { layoutTokens } from './layout.js';
import { lexHcl, type LexError } from './lexer.js';
import { checkSyntax } from './syntax-check.js';

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

/** Diagnostic code of every syntax error the formatter reports. */
export const FORMAT_SYNTAX_CODE = 'hcl-syntax';

/**
 * Formats HCL native syntax. `file` only labels the diagnostics. Positions
 * in diagnostics refer to `text` as given (a leading BOM included).
 */
export function formatHcl(text: string, file = ''): FormatResult {
  const lexed = lexHcl(text);
  const errors: LexError[] = [...lexed.errors];
  if (errors.length === 0) {
    const syntax = checkSyntax(lexed.tokens);
    if (syntax) errors.push(syntax);
  }
  if (errors.length > 0) {
    const index = new LineIndex(text);
    const shift = lexed.bomLength;
    return {
      ok: false,
      diagnostics: errors.map((e) => ({
        file,
        range: index.rangeOf(e.start + shift, e.end + shift),
        severity: 'error',
        code: FORMAT_SYNTAX_CODE,
        message: e.message,
      })),
    };
  }
  return { ok: true, text: layoutTokens(lexed.tokens) };
}
