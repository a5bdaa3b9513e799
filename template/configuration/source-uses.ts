/**
 * A source as a build uses it. `build { source "TYPE.NAME" { … } }` adds
 * arguments and blocks to the declared source for that build: Packer merges
 * the two bodies (hcl.MergeBodies) and gives the builder the result, so the
 * added arguments may fill the source's required fields; an argument set in
 * both is an error ("Duplicate argument"), and `name = "…"` renames the build
 * (`source.name`) instead of being a field.
 *
 * The added text may sit in another file than the source: what it
 * contributes is remembered (its expressions and every range object in it),
 * so evaluation and diagnostics can be given the file they belong to.
 */
import type { BuildDecl, Configuration, SourceDecl, SourceRef } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { EvalContext } from '../evaluation-model.js';
import { walkExpr } from '../hcl/expr-walk.js';
import type { Attribute, Block, Body, Diagnostic, Expr, Range } from '../model.js';
import { staticString } from '../static-value.js';

export interface SourceUse {
  source: SourceDecl;
  /** What the builder is given: the declaration's body, plus the using block's. */
  body: Body;
  /** `source.name` in this use. */
  name: string;
  /** The using block and where it is, when it adds anything. */
  addition?: SourceAddition;
}

export interface SourceAddition {
  build: BuildDecl;
  ref: SourceRef;
  /** The file of the build holding the using block. */
  file: string;
  /** Attribute values of the using block (nested blocks included): evaluated in its file. */
  exprs: WeakSet<Expr>;
  /** Every range object of the using block: a diagnostic on one belongs to its file. */
  ranges: WeakSet<Range>;
}

/**
 * Every use to check, per declared source: one per using block that adds
 * something, and the declaration alone when a build uses it as declared or
 * no build uses it.
 */
export function sourceUses(config: Configuration): SourceUse[] {
  const uses: SourceUse[] = [];
  for (const source of config.sources) {
    const refs = config.builds.flatMap((build) =>
      build.sources.filter((r) => r.type === source.type && r.name === source.name).map((ref) => ({ build, ref })),
    );
    const adding = refs.filter(({ ref }) => ref.body && (ref.body.attributes.length > 0 || ref.body.blocks.length > 0));
    if (adding.length === 0 || adding.length < refs.length) uses.push({ source, body: source.body, name: source.name });
    for (const { build, ref } of adding) uses.push(addedUse(source, build, ref));
  }
  return uses;
}

function addedUse(source: SourceDecl, build: BuildDecl, ref: SourceRef): SourceUse {
  const extra = ref.body!;
  const localName = staticString(extra.attributes.find((a) => a.name === 'name')?.value);
  const attributes = extra.attributes.filter((a) => a.name !== 'name');
  return {
    source,
    name: localName ?? source.name,
    body: {
      range: source.body.range,
      attributes: [
        ...source.body.attributes,
        ...attributes.filter((a) => !source.body.attributes.some((b) => b.name === a.name)),
      ],
      blocks: [...source.body.blocks, ...extra.blocks],
    },
    addition: { build, ref, file: build.file, ...contributed(extra) },
  };
}

/** Arguments of a using block that the source already sets: Packer's "Duplicate argument". */
export function duplicateArguments(use: SourceUse): Diagnostic[] {
  const extra = use.addition?.ref.body;
  if (!extra) return [];
  return extra.attributes.flatMap((attribute) => {
    const first = use.source.body.attributes.find((a) => a.name === attribute.name);
    if (!first || attribute.name === 'name') return [];
    const where = `${use.source.file}:${first.nameRange.start.line + 1}:${first.nameRange.start.character + 1}`;
    return [
      diagnostic(
        use.addition!.file,
        attribute.nameRange,
        'duplicate-argument',
        `Duplicate argument: "${attribute.name}" was already set at ${where}. A source block in a build adds arguments to the source; it cannot change one the source sets.`,
      ),
    ];
  });
}

/** The evaluation context of an expression of a use: the using block's file for what it added. */
export function useContext(use: SourceUse, expr: Expr): EvalContext {
  const file = use.addition?.exprs.has(expr) ? use.addition.file : use.source.file;
  return { file, kind: 'source', source: { type: use.source.type, name: use.name } };
}

/** Diagnostics made on a use's merged body, each in the file its range belongs to. */
export function inUseFiles(use: SourceUse, diagnostics: Diagnostic[]): Diagnostic[] {
  const addition = use.addition;
  if (!addition || addition.file === use.source.file) return diagnostics;
  return diagnostics.map((d) =>
    d.file === use.source.file && addition.ranges.has(d.range) ? { ...d, file: addition.file } : d,
  );
}

function contributed(body: Body): { exprs: WeakSet<Expr>; ranges: WeakSet<Range> } {
  const exprs = new WeakSet<Expr>();
  const ranges = new WeakSet<Range>();
  const visitAttribute = (attribute: Attribute): void => {
    exprs.add(attribute.value);
    ranges.add(attribute.range).add(attribute.nameRange);
    walkExpr(attribute.value, (expr) => {
      ranges.add(expr.range);
      if (expr.type === 'template') for (const part of expr.parts) ranges.add(part.range);
      if (expr.type === 'object') for (const item of expr.items) ranges.add(item.range);
    });
  };
  const visitBlock = (block: Block): void => {
    ranges.add(block.range).add(block.typeRange).add(block.headerRange);
    for (const label of block.labels) ranges.add(label.range);
    visitBody(block.body);
  };
  const visitBody = (current: Body): void => {
    ranges.add(current.range);
    current.attributes.forEach(visitAttribute);
    current.blocks.forEach(visitBlock);
  };
  visitBody(body);
  return { exprs, ranges };
}
