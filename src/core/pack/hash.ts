/**
 * Hashing for evidence packs. A value is hashed as its canonical JSON (object keys sorted, no
 * spaces), so re-indenting a pack does not break it while any change to a value does.
 * Web Crypto, so the same code runs in Node 20, a page and a worker.
 */

/** JSON with object keys in sorted order at every level; `undefined` members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${members.join(',')}}`;
}

/**
 * The three web globals hashing needs, typed here rather than in platform.d.ts: the page's DOM
 * lib declares them too, and two global declarations of one name would clash there.
 */
interface WebGlobals {
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  TextEncoder: new () => { encode(input: string): Uint8Array };
  btoa(data: string): string;
}
const web = globalThis as unknown as WebGlobals;
const digest = (text: string) => web.crypto.subtle.digest('SHA-256', new web.TextEncoder().encode(text));

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(text: string): Promise<string> {
  return hex(await digest(text));
}

/** Base64 of the SHA-256 of `text`, as a Content-Security-Policy source ('sha256-...') wants it. */
export async function sha256Base64(text: string): Promise<string> {
  return web.btoa(String.fromCharCode(...new Uint8Array(await digest(text))));
}

export const hashValue = (value: unknown): Promise<string> => sha256Hex(canonicalJson(value));
