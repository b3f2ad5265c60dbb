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
 * JSON.parse that never lets a file define `__proto__` or `constructor` keys on the objects
 * we build from it, and reports syntax errors against the file name.
 */
export function parseJson(file: string, text: string): Parsed<unknown> {
  try {
    const value: unknown = JSON.parse(text, (key, v: unknown) =>
      key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : v,
    );
    return { ok: true, value };
  } catch (e) {
    return { ok: false, errors: [{ file, path: '$', message: `not valid JSON (${(e as Error).message})` }] };
  }
}

export function parseWith<S extends z.ZodType>(file: string, schema: S, value: unknown): Parsed<z.infer<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: zodErrors(file, r.error) };
}
