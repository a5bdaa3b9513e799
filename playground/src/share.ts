/**
 * The "share" link: the template in the URL's fragment (never sent to a
 * server), deflated and Base64url-encoded: `#t=…` with the example's file
 * name as `&f=…`. CompressionStream is in every current browser.
 */

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

export async function shareFragment(text: string, fileName: string): Promise<string> {
  const packed = await transform(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return `#t=${toBase64Url(packed)}&f=${encodeURIComponent(fileName)}`;
}

/** The template a fragment holds; undefined when there is none or it is damaged. */
export async function readFragment(hash: string): Promise<{ text: string; fileName?: string } | undefined> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const packed = params.get('t');
  if (!packed) return undefined;
  try {
    const bytes = await transform(fromBase64Url(packed), new DecompressionStream('deflate-raw'));
    const fileName = params.get('f') ?? undefined;
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), ...(fileName ? { fileName } : {}) };
  } catch {
    return undefined;
  }
}
