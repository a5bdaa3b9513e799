/**
 * fast-check generators of syntactically valid but badly formatted HCL:
 * random spaces and tabs between tokens, random indentation, blank lines,
 * comments, multi-line lists/objects/calls, templates with `${}` and `{{}}`,
 * heredocs and CRLF line endings.
 */
import fc from 'fast-check';

const ws = fc.constantFrom('', ' ', ' ', '  ', '\t', ' \t ');
const ws1 = fc.constantFrom(' ', '  ', '\t', '   ');
const indent = fc.constantFrom('', '  ', '    ', '\t', ' ', '      ');
/** Separator inside brackets, where newlines are insignificant. */
const bracketGap = fc.oneof(
  ws,
  fc.tuple(ws, indent).map(([a, b]) => `${a}\n${b}`),
);

const names = ['a', 'bb', 'name', 'long_attribute_name', 'é', '日本', 'x-y', 'source_image'];
const refs = ['var.a', 'local.b', 'x', 'true', 'false', 'null', 'path.root', 'build.MountPath'];
const literalParts = [
  'abc',
  ' ',
  'é',
  '{{ .Device }}',
  '{{.MountPath}}',
  '$${HOME}',
  '%%{x}',
  '100% ',
  '$PATH ',
  '\\"',
  '\\n',
];
const binaryOps = ['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'];

// A type alias, not an interface: letrec's typed overload needs an index-compatible record.
type Exprs = { expr: string; inline: string };

/** Expressions; `inline` ones contain no newline (for `${}` and object keys). */
const exprs = fc.letrec<Exprs>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('inline'),
    fc
      .tuple(
        fc.array(tie('expr'), { maxLength: 4 }),
        fc.array(bracketGap, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
      )
      .map(
        ([items, gaps, trailing]) =>
          `[${gaps[0]}${items.map((e, i) => `${e}${gaps[i + 1]}`).join(',')}${trailing && items.length ? ',' : ''}${gaps[11]}]`,
      ),
    fc
      .tuple(
        fc.array(fc.tuple(tie('inline'), ws, tie('expr')), { maxLength: 3 }),
        fc.constantFrom('', '\n'),
        fc.constantFrom('\n', ',', ', ', ',\n', '\n\n'),
        fc.constantFrom('', '\n', ','),
        ws,
      )
      .map(([items, open, sep, close, w]) => {
        if (items.length === 0) return `{${w}}`;
        // Keys are identifiers, unique within the object.
        const body = items.map(([, g, v], i) => `${names[i % names.length]}${i}${g}=${g}${v}`).join(sep);
        return `{${w}${open}${body}${close}${w}}`;
      }),
    fc
      .tuple(
        fc.constantFrom('join', 'concat', 'max', 'format'),
        fc.array(tie('expr'), { maxLength: 3 }),
        fc.array(bracketGap, { minLength: 4, maxLength: 4 }),
      )
      .map(([f, args, gaps]) => `${f}(${gaps[0]}${args.map((a, i) => `${a}${gaps[i + 1]}`).join(',')})`),
    fc
      .tuple(tie('expr'), bracketGap, tie('inline'), bracketGap)
      .map(([coll, g1, value, g2]) => `[for v in ${coll}${g1}:${g2}${value}]`),
  ),
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 99999 }).map(String),
    fc.constantFrom('1.5', '2e3', '0.25', '10'),
    fc.constantFrom(...refs),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(...literalParts),
          fc.tuple(ws, tie('inline'), ws).map(([a, e, b]) => `\${${a}${e}${b}}`),
        ),
        { maxLength: 4 },
      )
      .map((parts) => `"${parts.join('')}"`),
    fc
      .tuple(tie('inline'), ws, fc.constantFrom(...binaryOps), ws, tie('inline'))
      // `a-b` would scan as one identifier: keep a space before a minus.
      .map(([l, w1, op, w2, r]) => `${l}${op === '-' && w1 === '' ? ' ' : w1}${op}${w2}${r}`),
    fc.tuple(fc.constantFrom('-', '!'), ws, tie('inline')).map(([op, w, e]) => `${op}${w}${e}`),
    fc
      .tuple(tie('inline'), ws, ws, tie('inline'), ws, ws, tie('inline'))
      .map(([c, w1, w2, t, w3, w4, e]) => `${c}${w1}?${w2}${t}${w3}:${w4}${e}`),
    fc.tuple(ws, tie('inline'), ws).map(([a, e, b]) => `(${a}${e}${b})`),
    fc.tuple(fc.constantFrom(...refs.slice(0, 3)), ws, tie('inline'), ws).map(([r, a, e, b]) => `${r}[${a}${e}${b}]`),
    fc.constantFrom('var.list[*].name', 'var.list.*.id', 'local.m["k"]', 'var.a.b.c'),
  ),
}));

const heredoc = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom('echo hi', '  indented  text ', '${var.a}', '%{ if x }y%{ endif }', '', '\tTab'), {
      maxLength: 4,
    }),
    indent,
  )
  .map(
    ([dash, lines, closeIndent]) =>
      `<<${dash ? '-' : ''}EOT\n${lines.map((l) => `${l}\n`).join('')}${dash ? closeIndent : ''}EOT`,
  );

const comment = fc.constantFrom('# note', '// note', '/* note */', '# ünïcode', '#');
const trailingComment = fc.option(
  fc.tuple(ws, comment).map(([w, c]) => `${w}${c}`),
  { nil: '' },
);
const extraLines = fc.constantFrom('', '', '\n', '\n\n', '   \n', '# a comment line\n', '  // another\n');

/** One attribute line, with the given unique name. */
const attribute = (name: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      indent,
      ws,
      ws,
      fc.oneof({ weight: 5, arbitrary: exprs.expr }, { weight: 1, arbitrary: heredoc }),
      trailingComment,
      fc.constantFrom(' ', '', '\t'),
    )
    .map(([ind, w1, w2, value, c, trail]) => {
      // A heredoc's closing marker must stand alone on its line.
      const tail = value.startsWith('<<') ? '' : `${c}${c ? '' : trail}`;
      return `${ind}${name}${w1}=${w2}${value}${tail}\n`;
    });

/** A body: attributes (unique names) and nested blocks, in random order with blank and comment lines. */
const body = (depth: number): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.nat(names.length - 1), depth > 0 ? fc.boolean() : fc.constant(false), extraLines), {
      maxLength: 5,
    })
    .chain((items) =>
      fc.tuple(
        ...items.map(([n, isBlock, extra], i) =>
          (isBlock ? block(depth - 1) : attribute(`${names[n]}${i}`)).map((s) => extra + s),
        ),
      ),
    )
    .map((parts) => parts.join(''));

const block = (depth: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      indent,
      fc.constantFrom('source', 'build', 'provisioner', 'locals', 'variable', 'nested'),
      fc.constantFrom('', ' "chroot"', '  "shell" "x"', ' lbl'),
      ws1,
      body(depth),
      indent,
    )
    .map(([ind, type, labels, w, inner, closeInd]) => `${ind}${type}${labels}${w}{\n${inner}${closeInd}}\n`);

/** A whole file: top-level body, optionally with CRLF line endings and no final newline. */
export const hclDocument: fc.Arbitrary<string> = fc
  .tuple(body(2), fc.boolean(), fc.boolean())
  .map(([text, crlf, chopFinalNewline]) => {
    let out = chopFinalNewline && text.endsWith('}\n') ? text.slice(0, -1) : text;
    if (crlf) out = out.replace(/\n/g, '\r\n');
    return out;
  });
