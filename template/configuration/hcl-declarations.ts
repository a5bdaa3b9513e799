/**
 * Declarations of an HCL2 file: the top-level blocks Packer knows. Wrong
 * block types and label counts are reported here, with Packer's rules.
 */
import type {
  BuildDecl,
  Configuration,
  PostProcessorDecl,
  ProvisionerDecl,
  SourceRef,
} from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Attribute, Block, Body, Diagnostic, ParsedFile, Range } from '../model.js';
import { staticString } from '../static-value.js';
import { didYouMean, suggest } from '../suggest.js';

/** Top-level block types and the labels each takes (Packer 1.6). Completion offers these too. */
export const TOP_LEVEL_LABELS: Record<string, string[]> = {
  variable: ['name'],
  variables: [],
  locals: [],
  local: ['name'],
  source: ['type', 'name'],
  build: [],
  packer: [],
};

/** Blocks inside `build` and their labels. */
export const BUILD_BLOCK_LABELS: Record<string, string[]> = {
  source: ['reference'],
  provisioner: ['type'],
  'post-processor': ['type'],
  'post-processors': [],
  'error-cleanup-provisioner': ['type'],
  hcp_packer_registry: [],
};

export function collectHclDeclarations(file: ParsedFile, config: Configuration): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const attribute of file.body.attributes) {
    out.push(
      diagnostic(
        file.path,
        attribute.nameRange,
        'unexpected-attribute',
        `An argument named "${attribute.name}" is not expected here: a template holds only blocks (variable, locals, source, build, packer). Variable values belong in a .pkrvars.hcl file.`,
      ),
    );
  }
  for (const block of file.body.blocks) {
    if (!checkBlockShape(file.path, block, TOP_LEVEL_LABELS, 'top level', out)) continue;
    collectTopLevelBlock(file.path, block, config, out);
  }
  return out;
}

function collectTopLevelBlock(path: string, block: Block, config: Configuration, out: Diagnostic[]): void {
  const declared = { file: path, headerRange: block.headerRange, range: block.range };
  const [first, second] = block.labels;
  switch (block.type) {
    case 'variable':
      config.variables.push({
        ...declared,
        name: first!.value,
        nameRange: first!.range,
        ...variableFields(block.body),
        block,
      });
      break;
    case 'variables':
      // Packer's older shorthand: `variables { name = default }`.
      for (const attribute of block.body.attributes) {
        config.variables.push({
          file: path,
          headerRange: attribute.nameRange,
          range: attribute.range,
          name: attribute.name,
          nameRange: attribute.nameRange,
          default: attribute.value,
          validations: [],
        });
      }
      break;
    case 'locals':
      for (const attribute of block.body.attributes) {
        config.locals.push({
          file: path,
          headerRange: attribute.nameRange,
          range: attribute.range,
          name: attribute.name,
          nameRange: attribute.nameRange,
          value: attribute.value,
        });
      }
      break;
    case 'local': {
      const expression = attributeNamed(block.body, 'expression');
      if (!expression) {
        out.push(
          diagnostic(
            path,
            block.headerRange,
            'missing-field',
            `The local "${first!.value}" needs an "expression" argument.`,
          ),
        );
        break;
      }
      config.locals.push({ ...declared, name: first!.value, nameRange: first!.range, value: expression.value });
      break;
    }
    case 'source':
      config.sources.push({
        ...declared,
        type: first!.value,
        typeRange: first!.range,
        name: second!.value,
        nameRange: second!.range,
        body: block.body,
      });
      break;
    case 'build':
      config.builds.push(collectBuild(path, block, out));
      break;
    case 'packer':
      config.packerBlocks.push({ ...declared, body: block.body });
      break;
  }
}

function variableFields(body: Body) {
  const description = staticString(attributeNamed(body, 'description')?.value);
  const sensitiveExpr = attributeNamed(body, 'sensitive')?.value;
  const validations = body.blocks
    .filter((b) => b.type === 'validation')
    .flatMap((b) => {
      const condition = attributeNamed(b.body, 'condition');
      if (!condition) return [];
      const errorMessage = attributeNamed(b.body, 'error_message')?.value;
      return [{ condition: condition.value, range: b.range, ...(errorMessage ? { errorMessage } : {}) }];
    });
  return {
    typeExpr: attributeNamed(body, 'type')?.value,
    default: attributeNamed(body, 'default')?.value,
    description,
    sensitive: sensitiveExpr?.type === 'literal' ? sensitiveExpr.value === true : undefined,
    validations,
  };
}

function collectBuild(path: string, block: Block, out: Diagnostic[]): BuildDecl {
  const build: BuildDecl = {
    file: path,
    headerRange: block.headerRange,
    range: block.range,
    body: block.body,
    name: staticString(attributeNamed(block.body, 'name')?.value),
    sources: sourceRefsOf(attributeNamed(block.body, 'sources')),
    provisioners: [],
    postProcessors: [],
  };
  for (const inner of block.body.blocks) {
    if (!checkBlockShape(path, inner, BUILD_BLOCK_LABELS, 'build', out)) continue;
    const label = inner.labels[0];
    if (inner.type === 'source') {
      const ref = parseSourceRef(label!.value, label!.range);
      if (ref) build.sources.push({ ...ref, body: inner.body });
      else out.push(badSourceRef(path, label!.value, label!.range));
    } else if (inner.type === 'provisioner') {
      build.provisioners.push(typedDecl(path, inner));
    } else if (inner.type === 'post-processor') {
      build.postProcessors.push(typedDecl(path, inner));
    } else if (inner.type === 'post-processors') {
      for (const chained of inner.body.blocks) {
        if (!checkBlockShape(path, chained, { 'post-processor': ['type'] }, 'post-processors', out)) continue;
        build.postProcessors.push(typedDecl(path, chained));
      }
    }
  }
  for (const ref of build.sources) {
    if (!ref.type) out.push(badSourceRef(path, ref.text, ref.range));
  }
  return build;
}

function typedDecl(path: string, block: Block): ProvisionerDecl & PostProcessorDecl {
  const label = block.labels[0]!;
  return {
    file: path,
    headerRange: block.headerRange,
    range: block.range,
    type: label.value,
    typeRange: label.range,
    body: block.body,
  };
}

function sourceRefsOf(attribute: Attribute | undefined): SourceRef[] {
  if (!attribute || attribute.value.type !== 'tuple') return [];
  const refs: SourceRef[] = [];
  for (const item of attribute.value.items) {
    const text = staticString(item) ?? traversalText(item);
    if (text === undefined) continue;
    refs.push(parseSourceRef(text, item.range) ?? { text, type: '', name: '', range: item.range });
  }
  return refs;
}

function traversalText(expr: import('../model.js').Expr): string | undefined {
  if (expr.type !== 'traversal') return undefined;
  return [expr.root, ...expr.steps.map((s) => String(s.name))].join('.');
}

const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

/**
 * A build's source reference → type and name, read as Packer reads it
 * (hcl2template sourceRefFromString): two parts are `TYPE.NAME`; with more,
 * the first part is dropped, whatever it is (`source.`, and `sources.` as
 * published templates often write), and the next two are read. `source.X`
 * alone is no reference (Packer would look for a source of type "source").
 */
export function parseSourceRef(text: string, range: Range): SourceRef | undefined {
  const parts = text.split('.');
  if (parts.length === 2 && (parts[0] === 'source' || parts[0] === 'sources')) return undefined;
  const [type, name] = parts.length > 2 ? parts.slice(1) : parts;
  if (!type || !name || !IDENTIFIER.test(type) || !IDENTIFIER.test(name)) return undefined;
  return { text, type, name, range };
}

function badSourceRef(path: string, text: string, range: Range): Diagnostic {
  return diagnostic(
    path,
    range,
    'invalid-source-reference',
    `"${text}" is not a source reference: write "source.<type>.<name>", e.g. "source.chroot.base".`,
  );
}

function checkBlockShape(
  path: string,
  block: Block,
  allowed: Record<string, string[]>,
  where: string,
  out: Diagnostic[],
): boolean {
  const labels = allowed[block.type];
  if (!labels) {
    const suggestions = suggest(block.type, Object.keys(allowed));
    out.push(
      diagnostic(
        path,
        block.typeRange,
        'unknown-block',
        `Blocks of type "${block.type}" are not expected at the ${where}.${didYouMean(suggestions)}`,
        'error',
        { suggestions },
      ),
    );
    return false;
  }
  if (block.labels.length !== labels.length) {
    const want = labels.length === 0 ? 'no labels' : labels.map((l) => `a ${l}`).join(' and ');
    const range = block.labels.length > labels.length ? block.labels[labels.length]!.range : block.headerRange;
    out.push(
      diagnostic(path, range, 'block-labels', `A "${block.type}" block takes ${want} (found ${block.labels.length}).`),
    );
    return false;
  }
  return true;
}

export function attributeNamed(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}
