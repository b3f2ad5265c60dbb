import type { z } from 'zod';

/** An error in an input file, located precisely enough for a user to fix it. */
export interface LocatedError {
  file: string;
  /** JSON path such as `$.critical_actions[2].text`; `$` for the whole document. */
  path: string;
  message: string;
}

export function formatLocated(e: LocatedError): string {
  return `${e.file}: ${e.path}: ${e.message}`;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

export function zodErrors(file: string, error: z.ZodError, prefix: readonly PropertyKey[] = []): LocatedError[] {
  return error.issues.map((issue) => ({
    file,
    path: jsonPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: LocatedError[] };

/**
 * Far deeper than any real file (a workspace export nests about 8 levels). A few thousand levels
 * overflow the stack in the reviver below, and later in structured clone (IndexedDB) and
 * JSON.stringify, so deeper input is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 512;

/** Whether `[` and `{` outside strings nest deeper than `limit`; stops at the first level past it. */
function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * JSON.parse that never lets a file define `__proto__` or `constructor` keys on the objects
 * we build from it, refuses input nested deep enough to overflow the stack, and reports syntax
 * errors against the file name.
 */
export function parseJson(file: string, text: string): Parsed<unknown> {
  const tooDeep = { ok: false as const, errors: [{ file, path: '$', message: `nested too deeply (more than ${MAX_JSON_DEPTH} levels)` }] };
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return tooDeep;
  try {
    const value: unknown = JSON.parse(text, (key, v: unknown) =>
      key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : v,
    );
    return { ok: true, value };
  } catch (e) {
    // The scan above should make this unreachable, but a caller already deep in the stack could still overflow.
    if (e instanceof RangeError) return tooDeep;
    return { ok: false, errors: [{ file, path: '$', message: `not valid JSON (${(e as Error).message})` }] };
  }
}

export function parseWith<S extends z.ZodType>(file: string, schema: S, value: unknown): Parsed<z.infer<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: zodErrors(file, r.error) };
}
