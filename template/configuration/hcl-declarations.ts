/**
 * Declarations of an HCL2 file: the top-level blocks Packer knows. Wrong
 * block types and label counts are reported here, with Packer's rules.
 */
import type { BuildDecl, Configuration, PostProcessorDecl, ProvisionerDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Attribute, Block, Body, Diagnostic, ParsedFile } from '../model.js';
import { staticString } from '../static-value.js';
import { didYouMean, suggest } from '../suggest.js';
import { badSourceRef, parseSourceRef, staticSourceRefs, unparsedSourceRef } from './source-references.js';

/** Top-level block types and the labels each takes (Packer 1.12's configSchema). Completion offers these too. */
export const TOP_LEVEL_LABELS: Record<string, string[]> = {
  variable: ['name'],
  variables: [],
  locals: [],
  local: ['name'],
  data: ['type', 'name'],
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
        `An argument named "${attribute.name}" is not expected here: a template holds only blocks (variable, locals, data, source, build, packer). Variable values belong in a .pkrvars.hcl file.`,
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
    case 'data':
      config.dataSources.push({
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
  const sources = attributeNamed(block.body, 'sources');
  const staticRefs = sources ? staticSourceRefs(sources.value) : [];
  const build: BuildDecl = {
    file: path,
    headerRange: block.headerRange,
    range: block.range,
    body: block.body,
    name: staticString(attributeNamed(block.body, 'name')?.value),
    sources: staticRefs ?? [],
    ...(sources && !staticRefs ? { sourcesExpr: sources.value } : {}),
    provisioners: [],
    postProcessors: [],
  };
  for (const inner of block.body.blocks) {
    if (!checkBlockShape(path, inner, BUILD_BLOCK_LABELS, 'build', out)) continue;
    collectBuildBlock(path, inner, build, out);
  }
  for (const ref of build.sources) {
    if (!ref.type) out.push(badSourceRef(path, ref.text, ref.range));
  }
  return build;
}

/** One block inside `build`: a source use, a provisioner, post-processors, the error-cleanup provisioner. */
function collectBuildBlock(path: string, inner: Block, build: BuildDecl, out: Diagnostic[]): void {
  const label = inner.labels[0];
  switch (inner.type) {
    case 'source': {
      const ref = parseSourceRef(label!.value, label!.range);
      build.sources.push(ref ? { ...ref, body: inner.body } : unparsedSourceRef(label!.value, label!.range));
      break;
    }
    case 'provisioner':
      build.provisioners.push(typedDecl(path, inner));
      break;
    case 'error-cleanup-provisioner':
      // A second one is the build schema's `duplicate-block` (it is a single block there).
      build.errorCleanupProvisioner ??= typedDecl(path, inner);
      break;
    case 'post-processor':
      build.postProcessors.push(typedDecl(path, inner));
      break;
    case 'post-processors':
      for (const chained of inner.body.blocks) {
        if (!checkBlockShape(path, chained, { 'post-processor': ['type'] }, 'post-processors', out)) continue;
        build.postProcessors.push(typedDecl(path, chained));
      }
      break;
  }
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
