/**
 * The HCL expression being typed inside a string of a `.pkr.json` file:
 * the decoded text after the string's last open `${`, up to the cursor.
 * Features that read HCL text around a cursor (signature help) read this
 * as they read a `.pkr.hcl` file's text.
 */
import { getLocation } from 'jsonc-parser';

/** The expression text of the `${` open at `offset`, or undefined outside one. */
export function openInterpolation(text: string, offset: number): string | undefined {
  const node = getLocation(text, offset).previousNode;
  if (node?.type !== 'string' || offset <= node.offset || offset > node.offset + node.length) return undefined;
  const decoded = decodePrefix(text.slice(node.offset + 1, offset));
  const open = lastOpen(decoded);
  return open === undefined ? undefined : decoded.slice(open + 2);
}

/** A JSON string's text up to the cursor, its escapes decoded (an escape cut by the cursor is dropped). */
function decodePrefix(raw: string): string {
  const complete = raw.replace(/\\(u[0-9a-fA-F]{0,3})?$/, '');
  try {
    return JSON.parse(`"${complete}"`) as string;
  } catch {
    return complete;
  }
}

/** Where the last `${` not closed yet starts (`$${` is a literal, braces inside it count). */
function lastOpen(text: string): number | undefined {
  const opens: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('$${', i)) i += 2;
    else if (text.startsWith('${', i)) {
      opens.push(i);
      i++;
    } else if (text[i] === '{' && opens.length > 0) opens.push(-1);
    else if (text[i] === '}') opens.pop();
  }
  for (let i = opens.length - 1; i >= 0; i--) if (opens[i]! >= 0) return opens[i];
  return undefined;
}
