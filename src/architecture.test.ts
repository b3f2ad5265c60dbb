import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

/**
 * Dependencies point one way: ui -> state -> {providers, storage} -> core; cli -> {providers,
 * storage-free core}. This test reads every import in src/ and fails on one against the arrow,
 * so the architecture is enforced, not just described.
 */
const src = import.meta.dirname;
const allowed: Record<string, string[]> = {
  core: ['core'],
  providers: ['core', 'providers'],
  storage: ['core', 'storage'],
  state: ['core', 'providers', 'storage', 'state'],
  ui: ['core', 'state', 'ui'],
  cli: ['core', 'providers', 'cli'],
  root: ['core', 'providers', 'storage', 'state', 'ui', 'root'],
};
const layerOf = (file: string) => {
  const top = relative(src, file).split('/')[0]!;
  return top in allowed && statSync(join(src, top)).isDirectory() ? top : 'root';
};
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(n) && !n.endsWith('.test.ts') ? [p] : [];
  });
const imports = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('architecture', () => {
  const all = files(src);
  it('finds the source files', () => expect(all.length).toBeGreaterThan(10));

  it('imports only along the arrows', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      for (const spec of imports(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = layerOf(resolve(dirname(f), spec));
        if (!allowed[from]!.includes(to)) bad.push(`${relative(src, f)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps the core free of DOM, Svelte, Dexie and Node built-ins', () => {
    const bad = all
      .filter((f) => layerOf(f) === 'core')
      .flatMap((f) => imports(readFileSync(f, 'utf8')).filter((s) => /^(node:|svelte|dexie|fs$|path$)/.test(s)).map((s) => `${relative(src, f)}: ${s}`));
    expect(bad).toEqual([]);
  });

  it('would catch a violation', () => {
    expect(imports(`import x from '../storage/db';`)).toEqual(['../storage/db']);
    expect(allowed.core).not.toContain('storage');
  });
});
