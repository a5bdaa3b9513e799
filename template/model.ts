/**
 * The one template model shared by the language server, the lint CLI and the
 * runner. Both syntaxes (HCL2 and legacy JSON) parse into the same shapes:
 * a file is a {@link Body} of attributes and blocks, every value is an
 * {@link Expr}, and every node carries its {@link Range} in the source text.
 *
 * Positions are LSP positions: 0-based line, UTF-16 code-unit character.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Syntax = 'hcl' | 'json';

/** Text of one file plus what a parser made of it. */
export interface ParsedFile {
  /** Absolute or caller-relative path, as given to the parser. */
  path: string;
  text: string;
  syntax: Syntax;
  /** The file's top-level body; for JSON the root object's members. */
  body: Body;
  /** Syntax errors, with the parser's explanation at the fault. */
  diagnostics: Diagnostic[];
  /** HCL only: `.pkrvars.hcl` files hold only variable values. */
  isVarFile?: boolean;
}

export interface Body {
  range: Range;
  attributes: Attribute[];
  blocks: Block[];
}

export interface Attribute {
  name: string;
  nameRange: Range;
  value: Expr;
  /** From the first character of the name to the end of the value. */
  range: Range;
}

export interface BlockLabel {
  value: string;
  range: Range;
}

export interface Block {
  type: string;
  typeRange: Range;
  labels: BlockLabel[];
  /** The header: from the type to the opening brace (what "missing field" marks). */
  headerRange: Range;
  body: Body;
  /** The whole block, header to closing brace. */
  range: Range;
}

/**
 * Expressions. HCL gives all kinds; JSON gives only literal, template
 * (every JSON string), tuple and object.
 */
export type Expr =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | TraversalExpr
  | CallExpr
  | IndexExpr
  | GetAttrExpr
  | SplatExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ForExpr
  | ParenExpr
  | InvalidExpr;

interface ExprBase {
  range: Range;
}

/** Numbers, booleans and null. Strings are always {@link TemplateExpr}. */
export interface LiteralExpr extends ExprBase {
  type: 'literal';
  value: number | boolean | null;
}

/**
 * A quoted string or heredoc. `parts` alternate literal text and `${ }`
 * interpolations (HCL only). `{{ }}` Go-template actions are NOT parsed
 * here: they stay in the literal text and are checked by interpolation/.
 */
export interface TemplateExpr extends ExprBase {
  type: 'template';
  parts: TemplatePart[];
  /** True for heredocs (`<<EOF`), whose text starts on the next line. */
  heredoc?: boolean;
  /**
   * True for a string of an HCL JSON file (`*.pkr.json`): the template is
   * the decoded JSON string, so the `raw` text of its literal pieces carries
   * JSON's backslash escapes as well as the template's `$${` and `%%{`.
   */
  jsonString?: boolean;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation;

export interface TemplateLiteral {
  kind: 'literal';
  /** Decoded text (escapes resolved). */
  value: string;
  /** Raw source text of this piece, exactly as in the file. */
  raw: string;
  /** Range of `raw` in the file. */
  range: Range;
}

export interface TemplateInterpolation {
  kind: 'interpolation';
  expr: Expr;
  /** `${` through `}`. */
  range: Range;
}

export interface TupleExpr extends ExprBase {
  type: 'tuple';
  items: Expr[];
}

export interface ObjectItem {
  /** The key as written: a bare identifier is a template with one literal part. */
  key: Expr;
  /** Static key text when the key is an identifier or a plain string. */
  keyName?: string;
  value: Expr;
  range: Range;
}

export interface ObjectExpr extends ExprBase {
  type: 'object';
  items: ObjectItem[];
}

/** `var.x`, `local.y.z`, `source.name`, `path.root`, a bare identifier. */
export interface TraversalExpr extends ExprBase {
  type: 'traversal';
  root: string;
  rootRange: Range;
  /** Attribute names and literal indexes that follow the root, in order. */
  steps: TraversalStep[];
}

export interface TraversalStep {
  kind: 'attr' | 'index';
  /** Attribute name or literal index (`x[0]` → 0, `x["k"]` → "k"). */
  name: string | number;
  range: Range;
}

export interface CallExpr extends ExprBase {
  type: 'call';
  name: string;
  nameRange: Range;
  args: Expr[];
  /** `f(xs...)`: the last argument is expanded. */
  expandFinal: boolean;
}

export interface IndexExpr extends ExprBase {
  type: 'index';
  target: Expr;
  key: Expr;
}

export interface GetAttrExpr extends ExprBase {
  type: 'getattr';
  target: Expr;
  name: string;
  nameRange: Range;
}

export interface SplatExpr extends ExprBase {
  type: 'splat';
  target: Expr;
  /** Traversal applied to each element, as text (`.name`), possibly empty. */
  each: TraversalStep[];
}

export interface ConditionalExpr extends ExprBase {
  type: 'conditional';
  condition: Expr;
  then: Expr;
  else: Expr;
}

export interface BinaryExpr extends ExprBase {
  type: 'binary';
  operator: string;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr extends ExprBase {
  type: 'unary';
  operator: '!' | '-';
  operand: Expr;
}

export interface ForExpr extends ExprBase {
  type: 'for';
  /** `[for ...]` or `{for ...}`. */
  result: 'tuple' | 'object';
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  keyExpr?: Expr;
  valueExpr: Expr;
  condition?: Expr;
  grouping: boolean;
}

export interface ParenExpr extends ExprBase {
  type: 'paren';
  inner: Expr;
}

/** What the parser could not make sense of; a syntax diagnostic covers it. */
export interface InvalidExpr extends ExprBase {
  type: 'invalid';
}

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable code, e.g. `unknown-field`; listed in docs/diagnostics.md. */
  code: string;
  message: string;
  /** Machine-readable extras for quick fixes (see {@link DiagnosticData}). */
  data?: DiagnosticData;
}

export interface DiagnosticData {
  /** Replacement candidates, best first (did-you-mean). */
  suggestions?: string[];
  [key: string]: unknown;
}
