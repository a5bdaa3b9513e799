/**
 * Signature help for HCL function calls (`format(|`) and for legacy `{{ }}`
 * functions (`{{split "a,b" "," |}}`), from the core's function tables.
 * Parameter labels are offsets into the signature label, so editors
 * underline the active parameter exactly.
 */
import type { ParameterInformation, Position, SignatureHelp } from 'vscode-languageserver/node';
import { hclFunctions, isNativeHcl, LineIndex, templateFunction, typeToString } from '../../template/index.js';
import type { FileKind } from '../workspace/files.js';
import { hclCursor } from './shared/hcl-cursor.js';
import { openInterpolation } from './shared/hcl-json-cursor.js';

/** Signature help at a position, or null outside any call. */
export function signatureHelp(text: string, kind: FileKind, position: Position): SignatureHelp | null {
  const index = new LineIndex(text);
  const offset = index.offsetAt(position);
  const action = openAction(text, offset);
  if (action !== undefined) return templateSignature(action);
  if (kind === 'hcl-json') return hclJsonSignature(text, offset);
  if (!isNativeHcl(kind)) return null;
  const cursor = hclCursor(text, offset);
  const call = cursor.where === 'comment' ? undefined : cursor.call;
  return call ? hclSignature(call.name, call.argIndex) : null;
}

/** In a `.pkr.json` string: the call open in its `${ }`, read as HCL text. */
function hclJsonSignature(text: string, offset: number): SignatureHelp | null {
  const expression = openInterpolation(text, offset);
  if (expression === undefined) return null;
  const wrapped = `v = ${expression}`;
  const call = hclCursor(wrapped, wrapped.length).call;
  return call ? hclSignature(call.name, call.argIndex) : null;
}

function hclSignature(name: string, argIndex: number): SignatureHelp | null {
  const fn = hclFunctions.get(name);
  if (!fn) return null;
  const params = [
    ...fn.params.map((p) => `${p.name} ${typeToString(p.type)}`),
    ...(fn.variadic ? [`${fn.variadic.name}... ${typeToString(fn.variadic.type)}`] : []),
  ];
  const active = fn.variadic ? Math.min(argIndex, params.length - 1) : argIndex;
  return signature(`${fn.name}(`, params, `) ${typeToString(fn.returnType)}`, fn.description, active);
}

/** The text of an unclosed `{{` action on the cursor's line, up to the cursor. */
function openAction(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0) return undefined;
  return before.slice(open + 2).replace(/^-/, '');
}

/** `split "a" "b" ` → split, on its third argument. */
function templateSignature(action: string): SignatureHelp | null {
  const words = action.match(/`[^`]*`?|"(?:[^"\\]|\\.)*"?|[^\s"`]+/g) ?? [];
  const name = words[0];
  const fn = name ? templateFunction(name) : undefined;
  if (!fn) return null;
  // After a space the cursor starts the next argument; otherwise it is in the last word typed.
  const argIndex = Math.max(0, /\s$/.test(action) ? words.length - 1 : words.length - 2);
  const params = fn.params.map(
    (p) => `${p.variadic ? '...' : ''}${p.name}${p.type === 'any' ? '' : ` ${p.type}`}${p.optional ? '?' : ''}`,
  );
  const docs = fn.params.map((p) => p.doc);
  const last = params.length - 1;
  const active = fn.params[last]?.variadic ? Math.min(argIndex, last) : argIndex;
  return signature(`${fn.name} `, params, '', fn.doc, active, docs, ' ');
}

function signature(
  head: string,
  params: string[],
  tail: string,
  doc: string,
  active: number,
  paramDocs: string[] = [],
  separator = ', ',
): SignatureHelp {
  const parameters: ParameterInformation[] = [];
  let label = head;
  params.forEach((p, i) => {
    if (i > 0) label += separator;
    parameters.push({
      label: [label.length, label.length + p.length],
      ...(paramDocs[i] ? { documentation: paramDocs[i] } : {}),
    });
    label += p;
  });
  label += tail;
  return {
    signatures: [{ label, documentation: { kind: 'markdown', value: doc }, parameters }],
    activeSignature: 0,
    activeParameter: active,
  };
}
