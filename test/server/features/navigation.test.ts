import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit } from 'vscode-languageserver/node';
import { definition } from '../../../server/features/definition.js';
import { references } from '../../../server/features/references.js';
import { prepareRename, rename } from '../../../server/features/rename.js';
import { pathToUri } from '../../../server/workspace/files.js';
import type { DocumentContext } from '../../../server/workspace/workspace.js';
import { analyzeTexts, initTemplateEngine } from '../support/analysis.js';
import { applyEdits, withCursor } from '../support/cursor.js';

beforeAll(async () => {
  await initTemplateEngine();
});

const VARS = '/work/t/variables.pkr.hcl';
const MAIN = '/work/t/main.pkr.hcl';
const VARIABLES = 'variable "image" {\n  default = "a.img"\n}\nlocals {\n  out = "${var.image}.out"\n}\n';

/** A context for the marked main file, with the variables file as its sibling. */
function contextAt(marked: string): { context: DocumentContext; position: Position; text: string } {
  const { text, position } = withCursor(marked);
  const analysis = analyzeTexts({ [VARS]: VARIABLES, [MAIN]: text });
  const document = TextDocument.create(pathToUri(MAIN), 'hcl', 1, text);
  const context: DocumentContext = {
    uri: document.uri,
    path: MAIN,
    kind: 'hcl',
    key: '/work/t',
    document,
    analysis,
    file: analysis.files.find((f) => f.path === MAIN),
    varFiles: [],
  };
  return { context, position, text };
}

const MAIN_TEXT =
  'source "chroot" "base" {\n  source_image = var.im|age\n  output_image = local.out\n}\nbuild {\n  sources = ["source.chroot.base"]\n}\n';

describe('definition and references', () => {
  it('goes from var.x to its declaration in a sibling file', () => {
    const { context, position } = contextAt(MAIN_TEXT);
    expect(definition(context, position)).toEqual([
      { uri: pathToUri(VARS), range: { start: { line: 0, character: 10 }, end: { line: 0, character: 15 } } },
    ]);
  });

  it('goes from a build sources entry to the source block', () => {
    const { context, position } = contextAt(
      MAIN_TEXT.replace('var.im|age', 'var.image').replace('chroot.base"]', 'chroot.ba|se"]'),
    );
    const [target] = definition(context, position);
    expect(target).toEqual({
      uri: context.uri,
      range: { start: { line: 0, character: 17 }, end: { line: 0, character: 21 } },
    });
  });

  it('finds every use of a variable across files, with or without the declaration', () => {
    const { context, position } = contextAt(MAIN_TEXT);
    const uses = references(context, position, false);
    expect(uses.map((u) => [u.uri === context.uri ? 'main' : 'vars', u.range.start.line])).toEqual([
      ['vars', 4],
      ['main', 1],
    ]);
    expect(references(context, position, true)).toHaveLength(3);
  });

  it('finds nothing on plain text', () => {
    const { context, position } = contextAt(
      MAIN_TEXT.replace('var.im|age', 'var.image').replace('source_image', 'sou|rce_image'),
    );
    expect(definition(context, position)).toEqual([]);
  });
});

describe('rename', () => {
  it('renames a variable everywhere, the name only', () => {
    const { context, position, text } = contextAt(MAIN_TEXT);
    expect(prepareRename(context, position)?.placeholder).toBe('image');
    const edit = rename(context, position, 'base_image')!;
    const mainEdits = edit.changes![context.uri] as TextEdit[];
    const varsEdits = edit.changes![pathToUri(VARS)] as TextEdit[];
    expect(applyEdits(text, mainEdits)).toContain('source_image = var.base_image');
    expect(applyEdits(VARIABLES, varsEdits)).toBe(
      'variable "base_image" {\n  default = "a.img"\n}\nlocals {\n  out = "${var.base_image}.out"\n}\n',
    );
  });

  it('renames a source in its block and in build sources', () => {
    const { context, position, text } = contextAt(
      MAIN_TEXT.replace('var.im|age', 'var.image').replace('"base"', '"ba|se"'),
    );
    const edits = rename(context, position, 'pi')!.changes![context.uri] as TextEdit[];
    const renamed = applyEdits(text, edits);
    expect(renamed).toContain('source "chroot" "pi" {');
    expect(renamed).toContain('sources = ["source.chroot.pi"]');
  });

  it('refuses a name that is not an identifier', () => {
    const { context, position } = contextAt(MAIN_TEXT);
    expect(() => rename(context, position, 'not valid')).toThrow(/not a valid name/);
  });
});
