/**
 * What surrounds the cursor in HCL text that is being typed. Completion
 * and signature help run on text that is, by nature, incomplete: the
 * parser's error recovery drops a block whose body holds a half-typed
 * word, so the enclosing blocks, the attribute and the string at the
 * cursor are found by scanning the text itself (strings, heredocs,
 * comments, `${ }` and brackets are all tracked). Pure and linear.
 */

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
   */
  where: 'body' | 'label' | 'value' | 'string';
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
}

type Frame =
  | { kind: 'block'; block: BlockFrame }
  | { kind: 'attr'; name: string }
  | { kind: 'bracket'; close: string; call?: CallFrame }
  | { kind: 'string'; start: number }
  | { kind: 'heredoc'; marker: string; start: number }
  | { kind: 'interp' };

const IDENT = /[A-Za-z0-9_\-.]/;

/** Scans `text` and describes the position at `offset`. */
export function hclCursor(text: string, offset: number): HclCursor {
  return new Scanner(text).run(offset);
}

class Scanner {
  private readonly stack: Frame[] = [];
  private readonly root: BlockFrame = { type: '', labels: [], names: [] };
  /** Text typed so far in the block label holding the cursor. */
  private pendingLabel: string | undefined;
  /** Words of the statement being read at body level. */
  private header: string[] = [];
  private headerLabels: string[] = [];
  private word = '';
  private i = 0;

  constructor(private readonly text: string) {}

  run(offset: number): HclCursor {
    while (this.i < offset && this.i < this.text.length) this.step(offset);
    const result = this.describe(offset);
    // Keep scanning to the end of the innermost block, so names written
    // after the cursor count as set too.
    const innermost = result.blocks[result.blocks.length - 1];
    while (this.i < this.text.length && innermost && this.blockDepth() >= result.blocks.length) this.step(Infinity);
    return result;
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private blockDepth(): number {
    return this.stack.filter((f) => f.kind === 'block').length;
  }

  private currentBlock(): BlockFrame {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k]!;
      if (f.kind === 'block') return f.block;
    }
    return this.root;
  }

  /** Consumes one token (or character) at `this.i`. `limit` stops a label or string read at the cursor. */
  private step(limit: number): void {
    const top = this.top();
    if (top?.kind === 'string') return this.stepString();
    if (top?.kind === 'heredoc') return this.stepHeredoc(top);
    const c = this.text[this.i]!;
    const next = this.text[this.i + 1];
    if (c === '#' || (c === '/' && next === '/')) return this.skipTo('\n', false);
    if (c === '/' && next === '*') return this.skipBlockComment();
    const atBody = top === undefined || top.kind === 'block';
    if (atBody) return this.stepBody(c, limit);
    return this.stepExpr(c);
  }

  private stepBody(c: string, limit: number): void {
    if (c === '\n') {
      this.resetStatement();
      this.i++;
      return;
    }
    if (c === '"') {
      // A block label: read to the closing quote (labels hold no templates).
      const end = this.text.indexOf('"', this.i + 1);
      const stop = end < 0 ? this.text.length : end;
      if (limit <= stop) {
        // The cursor is inside this label: remember what is typed so far.
        this.flushWord();
        this.pendingLabel = this.text.slice(this.i + 1, Math.min(limit, this.text.length));
        this.i = Math.min(limit, this.text.length);
        return;
      }
      this.flushWord();
      this.headerLabels.push(this.text.slice(this.i + 1, stop));
      this.i = stop + 1;
      return;
    }
    if (c === '{') {
      this.flushWord();
      const [type = '', ...bare] = this.header;
      const block: BlockFrame = { type, labels: [...bare, ...this.headerLabels], names: [] };
      if (type) this.currentBlock().names.push(type);
      this.stack.push({ kind: 'block', block });
      this.resetStatement();
      this.i++;
      return;
    }
    if (c === '}') {
      this.resetStatement();
      if (this.top()?.kind === 'block') this.stack.pop();
      this.i++;
      return;
    }
    if (c === '=' && this.text[this.i + 1] !== '=') {
      this.flushWord();
      const name = this.header[0] ?? '';
      if (name) this.currentBlock().names.push(name);
      this.stack.push({ kind: 'attr', name });
      this.resetStatement();
      this.i++;
      return;
    }
    if (IDENT.test(c)) {
      this.word += c;
    } else {
      this.flushWord();
    }
    this.i++;
  }

  private stepExpr(c: string): void {
    const top = this.top()!;
    if (c === '\n' && top.kind === 'attr') {
      // An attribute's value ends at the end of its line unless brackets are open.
      this.stack.pop();
      this.i++;
      this.word = '';
      return;
    }
    if (c === '"') {
      this.stack.push({ kind: 'string', start: this.i + 1 });
      this.word = '';
      this.i++;
      return;
    }
    if (c === '<' && this.text[this.i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[^\n]*\n/.exec(this.text.slice(this.i, this.i + 200));
      if (m) {
        this.i += m[0].length;
        this.stack.push({ kind: 'heredoc', marker: m[1]!, start: this.i });
        return;
      }
    }
    if (c === '(' || c === '[' || c === '{') {
      const call: CallFrame | undefined = c === '(' && this.word ? { name: this.word, argIndex: 0 } : undefined;
      this.stack.push({ kind: 'bracket', close: c === '(' ? ')' : c === '[' ? ']' : '}', call });
      this.word = '';
      this.i++;
      return;
    }
    if (c === ')' || c === ']' || c === '}') {
      if (top.kind === 'bracket' && top.close === c) this.stack.pop();
      else if (top.kind === 'interp' && c === '}') this.stack.pop();
      this.word = '';
      this.i++;
      return;
    }
    if (c === ',' && top.kind === 'bracket' && top.call) top.call.argIndex++;
    this.word = IDENT.test(c) ? this.word + c : '';
    this.i++;
  }

  private stepString(): void {
    const c = this.text[this.i]!;
    if (c === '\\') {
      this.i += 2;
      return;
    }
    if (c === '"' || c === '\n') {
      this.stack.pop();
      this.i++;
      return;
    }
    if ((c === '$' || c === '%') && this.text[this.i + 1] === '{') {
      if (this.text[this.i - 1] === c) {
        // `$${` is an escaped, literal `${`.
        this.i += 2;
        return;
      }
      this.stack.push({ kind: 'interp' });
      this.word = '';
      this.i += 2;
      return;
    }
    this.i++;
  }

  private stepHeredoc(frame: { marker: string }): void {
    const lineEnd = this.text.indexOf('\n', this.i);
    const line = this.text.slice(this.i, lineEnd < 0 ? this.text.length : lineEnd);
    if (this.atLineStart() && line.trim() === frame.marker) {
      this.stack.pop();
      this.i += line.length;
      return;
    }
    const c = this.text[this.i]!;
    if ((c === '$' || c === '%') && this.text[this.i + 1] === '{' && this.text[this.i - 1] !== c) {
      this.stack.push({ kind: 'interp' });
      this.i += 2;
      return;
    }
    this.i++;
  }

  private atLineStart(): boolean {
    return this.i === 0 || this.text[this.i - 1] === '\n';
  }

  private skipTo(ch: string, consume: boolean): void {
    const at = this.text.indexOf(ch, this.i);
    this.i = at < 0 ? this.text.length : consume ? at + 1 : at;
  }

  private skipBlockComment(): void {
    const at = this.text.indexOf('*/', this.i + 2);
    this.i = at < 0 ? this.text.length : at + 2;
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

  private describe(offset: number): HclCursor {
    const blocks = this.stack.flatMap((f) => (f.kind === 'block' ? [f.block] : []));
    const attr = [...this.stack].reverse().find((f): f is { kind: 'attr'; name: string } => f.kind === 'attr');
    const call = [...this.stack].reverse().find((f): f is { kind: 'bracket'; close: string; call: CallFrame } => f.kind === 'bracket' && !!f.call)?.call;
    const top = this.top();
    const base = { blocks, header: [...this.header], word: this.word, ...(attr ? { attribute: attr.name } : {}), ...(call ? { call } : {}) };
    if (this.pendingLabel !== undefined) {
      const blockType = this.header[0] ?? '';
      return { ...base, word: '', where: 'label', label: { blockType, index: this.header.length - 1 + this.headerLabels.length, prefix: this.pendingLabel } };
    }
    if (top?.kind === 'string' || top?.kind === 'heredoc') {
      return { ...base, where: 'string', word: '', stringPrefix: this.text.slice(top.start, offset) };
    }
    if (top === undefined || top.kind === 'block') return { ...base, where: 'body' };
    return { ...base, where: 'value' };
  }
}
