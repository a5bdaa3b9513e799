/**
 * What surrounds the cursor in HCL text that is being typed. Completion
 * and signature help run on text that is, by nature, incomplete: the
 * parser's error recovery drops a block whose body holds a half-typed
 * word, so the enclosing blocks, the attribute and the string at the
 * cursor are found by reading the tokens of {@link scanHcl} (strings,
 * heredocs, comments and `${ }` are the lexer's; blocks, attributes and
 * brackets are followed here). Recovering as an editor shows the text, a
 * quoted string ends at its line's end and a `/*` never closed runs to
 * the end of the text.
 *
 * Linear in the text before the cursor, and bounded after it: a paste of
 * 70,000 open brackets or blocks must not make one completion quadratic
 * (every question about the open frames is a counter, never a walk of
 * them), and names written after the cursor are looked for only within
 * {@link AFTER_CURSOR} characters.
 */
import { scanHcl, type HclToken as Token, type HclTokenType as TokenType } from '../../../template/index.js';

export interface BlockFrame {
  type: string;
  labels: string[];
  /** Attribute and nested-block names written in the block (before and after the cursor). */
  names: string[];
}

export interface CallFrame {
  name: string;
  /** 0-based index of the argument the cursor is in. */
  argIndex: number;
}

export interface HclCursor {
  /** Enclosing blocks, outermost first. */
  blocks: BlockFrame[];
  /**
   * - `body`: where an attribute or a block starts (top level or in a block)
   * - `label`: inside a block label's quotes
   * - `value`: in an attribute's value, outside strings (or inside `${ }`)
   * - `string`: inside a quoted string or heredoc (outside `${ }`)
   * - `comment`: inside a comment (nothing to complete or explain)
   */
  where: 'body' | 'label' | 'value' | 'string' | 'comment';
  /** Identifier text just before the cursor, with dots (`var.im`, `mou`). */
  word: string;
  /** Body: the words of the statement before the current one (`source` when typing `source ch`). */
  header: string[];
  /** The attribute whose value holds the cursor. */
  attribute?: string;
  /** Label: the block type and which label (0-based). */
  label?: { blockType: string; index: number; prefix: string };
  /** String: its text from the opening quote (or heredoc start) to the cursor. */
  stringPrefix?: string;
  /** Innermost function call the cursor is an argument of. */
  call?: CallFrame;
  /** Value: where a key of an object written as the attribute's value goes (`amazon = { | }`). */
  objectKey?: boolean;
  /**
   * Value: the lists (`[`) open in the attribute's value, outermost first,
   * each with the 0-based index of the element the cursor is in
   * (`partition_mounts = [["1", |` gives [0, 1]).
   */
  lists?: number[];
}

type Frame =
  | { kind: 'block'; block: BlockFrame }
  | { kind: 'attr'; name: string }
  | { kind: 'bracket'; close: TokenType; call?: CallFrame; key?: boolean; commas: number }
  | { kind: 'string' | 'heredoc'; start: number }
  | { kind: 'interp' };

/** Tokens that make up a word (`var.image`, `a-b`, `1.5`). */
const WORD = new Set<TokenType>(['ident', 'number', '.', '-', '...']);
/** Tokens the cursor can stand inside without the scan taking them (it stops before). */
const OPAQUE = new Set<TokenType>(['lit', 'newline', 'quotedNewline', 'invalid', 'tmplEnd']);
const OPENS = new Set<TokenType>(['oquote', 'oheredoc', 'interp', 'control']);
const CLOSES: Partial<Record<TokenType, Frame['kind']>> = {
  cquote: 'string',
  quotedNewline: 'string',
  cheredoc: 'heredoc',
  tmplEnd: 'interp',
};
const BRACKETS: Partial<Record<TokenType, TokenType>> = { '(': ')', '[': ']', '{': '}' };

/**
 * How far past the cursor names already written in the innermost block are
 * looked for (they only keep completion from offering a field twice).
 */
export const AFTER_CURSOR = 64 * 1024;

/** Scans `text` and describes the position at `offset`. */
export function hclCursor(text: string, offset: number): HclCursor {
  const scanned = text.length - offset > AFTER_CURSOR ? text.slice(0, offset + AFTER_CURSOR) : text;
  return new Reader(scanned, scanHcl(scanned, { lineEndsString: true })).run(offset);
}

class Reader {
  private readonly stack: Frame[] = [];
  /** How many frames of each kind the stack holds: asked per token, so never counted by a walk. */
  private readonly open: Record<Frame['kind'], number> = {
    block: 0,
    attr: 0,
    bracket: 0,
    string: 0,
    heredoc: 0,
    interp: 0,
  };
  private readonly root: BlockFrame = { type: '', labels: [], names: [] };
  /** Text typed so far in the block label holding the cursor. */
  private pendingLabel: string | undefined;
  /** Words of the statement being read at body level. */
  private header: string[] = [];
  private headerLabels: string[] = [];
  private word = '';
  /** The part before the cursor of the word token the cursor is in. */
  private partial = '';
  /** Next token, and where the last one taken ends. */
  private k = 0;
  private end = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  run(offset: number): HclCursor {
    while (this.tokens[this.k]!.type !== 'eof' && this.tokens[this.k]!.start < offset && this.step(offset));
    // Between tokens there is only space and comments; a `/*` never closed took the rest of the text.
    const inComment =
      !this.partial &&
      this.pendingLabel === undefined &&
      (this.end > offset || isInComment(this.text.slice(this.end, offset)));
    if (!this.partial && this.pendingLabel === undefined) this.space(offset);
    const result = inComment
      ? { ...this.describe(offset), where: 'comment' as const, word: '' }
      : this.describe(offset);
    // Keep reading to the end of the innermost block, so names written
    // after the cursor count as set too.
    this.partial = '';
    while (this.tokens[this.k]!.type !== 'eof' && result.blocks.length > 0 && this.blockDepth() >= result.blocks.length)
      this.step(Infinity);
    return result;
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private blockDepth(): number {
    return this.open.block;
  }

  private push(frame: Frame): void {
    this.stack.push(frame);
    this.open[frame.kind]++;
  }

  private pop(): Frame {
    const frame = this.stack.pop()!;
    this.open[frame.kind]--;
    return frame;
  }

  private currentBlock(): BlockFrame {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k]!;
      if (f.kind === 'block') return f.block;
    }
    return this.root;
  }

  private atBody(): boolean {
    const top = this.top();
    return top === undefined || top.kind === 'block';
  }

  /** Space (or a comment) up to `offset` ends the word being read. */
  private space(offset: number): void {
    if (offset <= this.end) return;
    this.end = offset;
    if (this.atBody()) this.flushWord();
    else this.word = '';
  }

  /**
   * Takes the next token; false, without taking it, where the cursor
   * (`limit`) is inside it: in a word, a literal or a comment, or in a
   * block label (then taken whole).
   */
  private step(limit: number): boolean {
    const tok = this.tokens[this.k]!;
    this.space(tok.start);
    if (tok.end > limit && WORD.has(tok.type)) {
      this.partial = this.text.slice(tok.start, limit);
      return false;
    }
    if (tok.end > limit && OPAQUE.has(tok.type)) return false;
    this.k++;
    this.end = tok.end;
    if (tok.type === '/' && this.text[tok.end] === '*') {
      // A `/*` never closed: HCL takes it for tokens, an editor shows the rest of the text as a comment.
      this.k = this.tokens.length - 1;
      this.end = this.text.length;
      return true;
    }
    const close = CLOSES[tok.type];
    if (close && this.open[close] > 0) {
      while (this.pop().kind !== close);
      this.word = '';
      return true;
    }
    if (tok.type === 'oquote' && this.atBody()) return this.label(tok, limit);
    if (OPENS.has(tok.type)) {
      const kind = tok.type === 'oquote' ? 'string' : tok.type === 'oheredoc' ? 'heredoc' : 'interp';
      this.push(kind === 'interp' ? { kind } : { kind, start: tok.end });
      this.word = '';
      return true;
    }
    if (this.atBody()) this.stepBody(tok);
    else this.stepExpr(tok);
    return true;
  }

  /** A block label: its text up to its closing quote (or the cursor). */
  private label(open: Token, limit: number): boolean {
    let depth = 0;
    while (this.tokens[this.k]!.type !== 'eof' && (depth > 0 || !CLOSES[this.tokens[this.k]!.type])) {
      const type = this.tokens[this.k++]!.type;
      if (OPENS.has(type)) depth++;
      else if (CLOSES[type]) depth--;
    }
    const close = this.tokens[this.k]!;
    if (close.type !== 'eof') this.k++;
    this.end = close.end;
    this.flushWord();
    if (limit <= close.start) {
      this.pendingLabel = this.text.slice(open.end, limit);
      return false;
    }
    this.headerLabels.push(this.text.slice(open.end, close.start));
    return true;
  }

  private stepBody(tok: Token): void {
    const type = tok.type;
    if (type === 'newline') return this.resetStatement();
    if (type === '{') {
      this.flushWord();
      const [blockType = '', ...bare] = this.header;
      const block: BlockFrame = { type: blockType, labels: [...bare, ...this.headerLabels], names: [] };
      if (blockType) this.currentBlock().names.push(blockType);
      this.push({ kind: 'block', block });
      return this.resetStatement();
    }
    if (type === '}') {
      this.resetStatement();
      if (this.top()?.kind === 'block') this.pop();
      return;
    }
    if (type === '=') {
      this.flushWord();
      const name = this.header[0] ?? '';
      if (name) this.currentBlock().names.push(name);
      this.push({ kind: 'attr', name });
      return this.resetStatement();
    }
    if (WORD.has(type)) this.word += this.text.slice(tok.start, tok.end);
    else this.flushWord();
  }

  private stepExpr(tok: Token): void {
    const top = this.top()!;
    const type = tok.type;
    if (type === 'newline' && top.kind === 'attr') {
      // An attribute's value ends at the end of its line unless brackets are open.
      this.pop();
    } else if (BRACKETS[type]) {
      const call: CallFrame | undefined = type === '(' && this.word ? { name: this.word, argIndex: 0 } : undefined;
      this.push({ kind: 'bracket', close: BRACKETS[type]!, call, commas: 0, ...(type === '{' ? { key: true } : {}) });
    } else if (top.kind === 'bracket' && top.close === type) {
      this.pop();
    } else if (type === ',' && top.kind === 'bracket') {
      top.commas++;
      if (top.call) top.call.argIndex++;
    }
    // In an object, a key comes first and after each `,` or line end; `=` or `:` start its value.
    if (top.kind === 'bracket' && top.key !== undefined && this.top() === top) {
      if (type === '=' || type === ':') top.key = false;
      else if (type === ',' || type === 'newline') top.key = true;
    }
    this.word = WORD.has(type) ? this.word + this.text.slice(tok.start, tok.end) : '';
  }

  private flushWord(): void {
    if (this.word) this.header.push(this.word);
    this.word = '';
  }

  private resetStatement(): void {
    this.header = [];
    this.headerLabels = [];
    this.word = '';
    this.pendingLabel = undefined;
  }

  /** The `[` lists open in the innermost attribute's value, outermost first, as element indexes. */
  private openLists(): number[] {
    const lists: number[] = [];
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const frame = this.stack[k]!;
      if (frame.kind === 'attr' || frame.kind === 'block') break;
      if (frame.kind === 'bracket' && frame.close === ']') lists.push(frame.commas);
    }
    return lists.reverse();
  }

  private describe(offset: number): HclCursor {
    const blocks = this.stack.flatMap((f) => (f.kind === 'block' ? [f.block] : []));
    const attr = [...this.stack].reverse().find((f): f is { kind: 'attr'; name: string } => f.kind === 'attr');
    const call = [...this.stack]
      .reverse()
      .find(
        (f): f is Extract<Frame, { kind: 'bracket' }> & { call: CallFrame } => f.kind === 'bracket' && !!f.call,
      )?.call;
    const top = this.top();
    const lists = this.openLists();
    // The call is copied: commas after the cursor must not count.
    const base = {
      blocks,
      header: [...this.header],
      word: this.word + this.partial,
      ...(attr ? { attribute: attr.name } : {}),
      ...(call ? { call: { ...call } } : {}),
      ...(lists.length > 0 ? { lists } : {}),
    };
    if (this.pendingLabel !== undefined) {
      const blockType = this.header[0] ?? '';
      return {
        ...base,
        word: '',
        where: 'label',
        label: { blockType, index: this.header.length - 1 + this.headerLabels.length, prefix: this.pendingLabel },
      };
    }
    if (top?.kind === 'string' || top?.kind === 'heredoc') {
      return { ...base, where: 'string', word: '', stringPrefix: this.text.slice(top.start, offset) };
    }
    const below = this.stack[this.stack.length - 2];
    const objectKey = top?.kind === 'bracket' && top.key === true && below?.kind === 'attr';
    return { ...base, where: this.atBody() ? 'body' : 'value', ...(objectKey ? { objectKey } : {}) };
  }
}

/** Whether the end of `gap` (space and comments only) is inside a comment. */
function isInComment(gap: string): boolean {
  let i = 0;
  while (i < gap.length) {
    if (gap[i] === '#' || gap.startsWith('//', i)) {
      const eol = gap.indexOf('\n', i);
      if (eol < 0) return true;
      i = eol + 1;
    } else if (gap.startsWith('/*', i)) {
      const close = gap.indexOf('*/', i + 2);
      if (close < 0) return true;
      i = close + 2;
    } else i++;
  }
  return false;
}
