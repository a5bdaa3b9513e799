/**
 * HCL formatting, byte-identical to `packer fmt`: the formatter, its
 * line-based edits for editors and a unified diff for the CLI.
 */
export { formatHcl, FORMAT_SYNTAX_CODE, type FormatResult } from './format.js';
export { formatEdits, formatRangeEdits, lineEdits, type TextEdit } from './edits.js';
export { unifiedDiff } from './unified-diff.js';
export { lexHcl, type LexResult } from './lexer.js';
export type { Token, TokenType } from './tokens.js';
