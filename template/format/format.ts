/**
 * `formatHcl`: canonical HCL formatting, byte-identical to `packer fmt`
 * (hclwrite.Format as Packer 1.6.6 applies it). Like packer fmt, a file
 * with syntax errors is not formatted: the errors come back instead, found
 * by the parser's own syntax check (hcl-syntax-check.ts, HashiCorp's
 * hclsyntax rules and messages).
 */
import type { Diagnostic } from '../model.js';
import { checkHclSyntax, HCL_SYNTAX } from '../hcl/hcl-syntax-check.js';
import { LineIndex } from '../text/line-index.js';
import { layoutTokens } from './layout.js';
import { lexHcl } from './lexer.js';

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

/** Diagnostic code of every syntax error the formatter reports. */
export const FORMAT_SYNTAX_CODE = HCL_SYNTAX;

/**
 * Formats HCL native syntax. `file` labels the diagnostics (and places
 * named in their messages). Positions in diagnostics refer to `text` as
 * given (a leading BOM included).
 */
export function formatHcl(text: string, file = ''): FormatResult {
  // Packer 1.6.6 parses with an HCL older than `::` function namespaces.
  const { faults, redefined } = checkHclSyntax(text, file, { functionNamespaces: false });
  if (faults.length > 0 || redefined.length > 0) {
    const index = new LineIndex(text);
    return {
      ok: false,
      diagnostics: [...faults, ...redefined].map((e) => ({
        file,
        range: index.rangeOf(e.start, e.end),
        severity: 'error',
        code: FORMAT_SYNTAX_CODE,
        message: e.message,
      })),
    };
  }
  return { ok: true, text: layoutTokens(lexHcl(text).tokens) };
}
