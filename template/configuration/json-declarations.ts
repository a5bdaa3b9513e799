/**
 * Declarations of a legacy JSON template: `variables`, `builders`,
 * `provisioners` and `post-processors` as one implicit build. The shape of
 * the top level itself is checked by the legacy-template schema.
 */
import type { Configuration, PostProcessorDecl, SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Attribute, Body, Diagnostic, Expr, ObjectExpr, ParsedFile } from '../model.js';
import { staticString } from '../static-value.js';

/** Keys that name an element rather than configure it. */
const META_KEYS = new Set(['type', 'name']);

export function collectJsonDeclarations(file: ParsedFile, config: Configuration): Diagnostic[] {
  const out: Diagnostic[] = [];
  const member = (name: string) => file.body.attributes.find((a) => a.name === name);
  collectVariables(file.path, member('variables'), config);
  const sources = collectBuilders(file.path, member('builders'), config, out);
  const provisioners = objectsOf(member('provisioners')?.value).flatMap((object) => {
    const decl = typedObject(file.path, object, 'provisioner', out);
    return decl ? [decl] : [];
  });
  const postProcessors = postProcessorsOf(file.path, member('post-processors')?.value, out);
  config.builds.push({
    file: file.path,
    headerRange: file.body.range,
    range: file.body.range,
    body: file.body,
    sources: sources.map((s) => ({ text: `${s.type}.${s.name}`, type: s.type, name: s.name, range: s.headerRange })),
    provisioners,
    postProcessors,
  });
  return out;
}

function collectVariables(path: string, attribute: Attribute | undefined, config: Configuration): void {
  if (attribute?.value.type !== 'object') return;
  for (const item of attribute.value.items) {
    if (item.keyName === undefined) continue;
    config.variables.push({
      file: path,
      headerRange: item.key.range,
      range: item.range,
      name: item.keyName,
      nameRange: item.key.range,
      default: item.value,
      validations: [],
    });
  }
}

function collectBuilders(
  path: string,
  attribute: Attribute | undefined,
  config: Configuration,
  out: Diagnostic[],
): SourceDecl[] {
  const sources: SourceDecl[] = [];
  for (const object of objectsOf(attribute?.value)) {
    const typed = typedObject(path, object, 'builder', out);
    if (!typed) continue;
    const nameItem = object.items.find((i) => i.keyName === 'name');
    const name = staticString(nameItem?.value) ?? typed.type;
    const source: SourceDecl = {
      ...typed,
      name,
      nameRange: nameItem ? nameItem.value.range : typed.typeRange,
    };
    sources.push(source);
    config.sources.push(source);
  }
  return sources;
}

function postProcessorsOf(path: string, value: Expr | undefined, out: Diagnostic[]): PostProcessorDecl[] {
  if (value?.type !== 'tuple') return [];
  const decls: PostProcessorDecl[] = [];
  // Elements may be a type name, an object, or a sequence (array) of those.
  const visit = (element: Expr): void => {
    if (element.type === 'tuple') element.items.forEach(visit);
    else if (element.type === 'object') {
      const decl = typedObject(path, element, 'post-processor', out);
      if (decl) decls.push(decl);
    } else {
      const type = staticString(element);
      if (type !== undefined) {
        decls.push({
          file: path,
          headerRange: element.range,
          range: element.range,
          type,
          typeRange: element.range,
          body: { range: element.range, attributes: [], blocks: [] },
        });
      }
    }
  };
  value.items.forEach(visit);
  return decls;
}

function typedObject(path: string, object: ObjectExpr, what: string, out: Diagnostic[]): PostProcessorDecl | undefined {
  const typeItem = object.items.find((i) => i.keyName === 'type');
  const type = staticString(typeItem?.value);
  if (!typeItem || type === undefined) {
    out.push(
      diagnostic(
        path,
        typeItem?.value.range ?? object.range,
        'missing-field',
        `Each ${what} needs a "type" (a string naming its kind).`,
      ),
    );
    return undefined;
  }
  return {
    file: path,
    headerRange: typeItem.value.range,
    range: object.range,
    type,
    typeRange: typeItem.value.range,
    body: bodyOf(object),
  };
}

/** An object's members as a Body of attributes, without the naming keys. */
function bodyOf(object: ObjectExpr): Body {
  const attributes: Attribute[] = object.items
    .filter((item) => item.keyName !== undefined && !META_KEYS.has(item.keyName))
    .map((item) => ({ name: item.keyName!, nameRange: item.key.range, value: item.value, range: item.range }));
  return { range: object.range, attributes, blocks: [] };
}

function objectsOf(value: Expr | undefined): ObjectExpr[] {
  return value?.type === 'tuple' ? value.items.filter((i): i is ObjectExpr => i.type === 'object') : [];
}
