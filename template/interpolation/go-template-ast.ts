/**
 * The syntax tree of a string's Go text/template text, as Packer's template
 * engine reads it. Every node carries its source {@link Range} (in the file)
 * and its `[offset, end)` in the decoded text (for rendering and for keeping
 * an action verbatim).
 */
import type { Range } from '../model.js';
import type { MappedText } from './mapped-text.js';

/** Where a node is: in the file and in the decoded text. */
export interface Located {
  range: Range;
  /** Start offset in the decoded text. */
  offset: number;
  /** End offset (exclusive) in the decoded text. */
  end: number;
}

/** A parsed string: text and actions in order, plus syntax errors. */
export interface GoTemplate {
  /** The decoded text and its position map. */
  source: MappedText;
  nodes: TemplateNode[];
  errors: GoTemplateError[];
}

export interface GoTemplateError {
  /** Go's wording where there is one, e.g. `unclosed action`. */
  message: string;
  range: Range;
}

export type TemplateNode = TextNode | ActionNode | CommentNode;

/** Literal text between actions. */
export interface TextNode extends Located {
  kind: 'text';
  text: string;
}

/** `{{/* … *\/}}`: renders as nothing. */
export interface CommentNode extends Located {
  kind: 'comment';
  trimLeft: boolean;
  trimRight: boolean;
}

/** Control keywords an action may start with. */
export type ActionKeyword =
  | 'if'
  | 'else'
  | 'end'
  | 'range'
  | 'with'
  | 'template'
  | 'define'
  | 'block'
  | 'break'
  | 'continue';

/** `{{ … }}`. An action that failed to parse has no pipeline. */
export interface ActionNode extends Located {
  kind: 'action';
  /** `if`, `range`, `else`, `end`, … or undefined for a plain pipeline. */
  keyword?: ActionKeyword;
  keywordRange?: Range;
  /** `{{else if x}}` / `{{else with x}}`: the keyword that follows else. */
  elseKeyword?: 'if' | 'with';
  /** `{{template "name" x}}`, `{{define "name"}}`, `{{block "name" x}}`. */
  templateName?: StringNode;
  pipeline?: Pipeline;
  /** `{{-`: whitespace before the action is trimmed. */
  trimLeft: boolean;
  /** `-}}`: whitespace after the action is trimmed. */
  trimRight: boolean;
  /** True when the action has a syntax error (see GoTemplate.errors). */
  broken: boolean;
}

/** `$x := cmd | cmd`. */
export interface Pipeline extends Located {
  declarations: VariableNode[];
  /** `:=` declares, `=` assigns. */
  assign?: ':=' | '=';
  commands: Command[];
}

/** One command of a pipeline: an operand optionally followed by arguments. */
export interface Command extends Located {
  args: Operand[];
}

export type Operand =
  | FieldNode
  | DotNode
  | VariableNode
  | IdentifierNode
  | StringNode
  | NumberNode
  | BoolNode
  | NilNode
  | ParenNode
  | ChainNode
  | HoleNode;

/** One name of a field chain, with its own range (`.Device` → `Device`). */
export interface FieldName {
  name: string;
  /** Range of `.Name`, dot included. */
  range: Range;
}

/** `.Device`, `.Foo.Bar`: fields of the data. */
export interface FieldNode extends Located {
  kind: 'field';
  names: FieldName[];
}

/** `.`: the data itself. */
export interface DotNode extends Located {
  kind: 'dot';
}

/** `$`, `$x`, `$x.Field`. */
export interface VariableNode extends Located {
  kind: 'variable';
  /** `$` or `$x`. */
  name: string;
  fields: FieldName[];
}

/** A function name such as `user` or `timestamp`. */
export interface IdentifierNode extends Located {
  kind: 'identifier';
  name: string;
}

/** `"…"` (escapes decoded) or `` `…` `` (raw), or a 'c' character constant's text. */
export interface StringNode extends Located {
  kind: 'string';
  value: string;
  quote: '"' | '`';
}

export interface NumberNode extends Located {
  kind: 'number';
  text: string;
  value: number;
  isInteger: boolean;
}

export interface BoolNode extends Located {
  kind: 'bool';
  value: boolean;
}

export interface NilNode extends Located {
  kind: 'nil';
}

/** `( pipeline )`. */
export interface ParenNode extends Located {
  kind: 'paren';
  pipeline: Pipeline;
}

/** `(pipeline).Field`: fields of a computed value. */
export interface ChainNode extends Located {
  kind: 'chain';
  target: ParenNode;
  fields: FieldName[];
}

/** An HCL `${ }` interpolation inside an action: a value unknown while checking. */
export interface HoleNode extends Located {
  kind: 'hole';
}

/** Calls `visit` for every operand of a pipeline, nested ones included. */
export function walkOperands(
  pipeline: Pipeline,
  visit: (operand: Operand, command: Command, index: number, pipeline: Pipeline) => void,
): void {
  for (const command of pipeline.commands) {
    command.args.forEach((operand, index) => {
      visit(operand, command, index, pipeline);
      if (operand.kind === 'paren') walkOperands(operand.pipeline, visit);
      if (operand.kind === 'chain') walkOperands(operand.target.pipeline, visit);
    });
  }
}
