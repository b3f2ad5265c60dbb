import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * Dependencies point one way: ui -> state -> {providers, storage} -> core; cli -> {providers,
 * core}; workers -> {providers, storage, core}. This test reads the real imports of every .ts
 * and .svelte file under src/ (static, type-only, re-exports, dynamic import() and the
 * `new URL('./x.ts', import.meta.url)` that loads a worker) and fails on any against the arrow,
 * and on any import loop. Outside storage nothing imports Dexie or the database object (storage/db.ts).
 * Tests (*.test.ts) are left out: they may reach for node:fs, fixtures and the database.
 */

const LAYERS = ['core', 'providers', 'storage', 'workers', 'state', 'ui', 'cli'] as const;
type Layer = (typeof LAYERS)[number] | 'root' | 'outside';

/** Which layers each layer may import (its own included). `root` is the bootstrap: main.ts, App.svelte. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  providers: ['core', 'providers'],
  storage: ['core', 'storage'],
  workers: ['core', 'providers', 'storage', 'workers'],
  // state starts the workers (`new URL('../workers/x.ts', ...)`) and talks to them through their client.
  state: ['core', 'providers', 'storage', 'workers', 'state'],
  ui: ['core', 'state', 'ui'],
  cli: ['core', 'providers', 'cli'],
  root: ['core', 'providers', 'storage', 'state', 'ui', 'root'],
  outside: [],
};

const nodeBuiltins = new Set(builtinModules);
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || nodeBuiltins.has(spec.split('/')[0]!);

/** Packages a layer must not import: the core runs in the page, a worker and Node alike; only storage holds the database. */
function forbiddenPackage(layer: Layer, spec: string): string | null {
  if (layer === 'core' && (spec === 'svelte' || spec.startsWith('svelte/'))) return 'Svelte in core';
  if (layer !== 'storage' && (spec === 'dexie' || spec.startsWith('dexie/'))) return 'Dexie outside storage';
  if (layer !== 'cli' && isNodeBuiltin(spec)) return `Node built-in in ${layer}`;
  return null;
}

interface SourceText {
  /** Relative to src/, with '/' separators. */
  path: string;
  text: string;
}

const layerOf = (path: string): Layer => {
  if (path.startsWith('../')) return 'outside';
  const top = path.split('/')[0]!;
  return path.includes('/') && (LAYERS as readonly string[]).includes(top) ? (top as Layer) : 'root';
};

/** Every module a file names: for .svelte files, from its <script> blocks. */
function specifiers(file: SourceText): string[] {
  const code = file.path.endsWith('.svelte') ? [...file.text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : file.text;
  const imports = ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
  const workers = [...code.matchAll(/new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[2]!);
  return [...imports, ...workers];
}

/** A relative specifier to the file it means, as the bundler would find it; unknown files keep their path (e.g. a .css). */
function resolveRelative(from: string, spec: string, known: ReadonlySet<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec.replace(/\?.*$/, '')));
  const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), `${base}/index.ts`];
  return candidates.find((c) => known.has(c)) ?? base;
}

interface ArchitectureReport {
  /** One line per import against the arrow. */
  violations: string[];
  /** One line per import loop: a shortest loop through its first module, and the other modules tied in. */
  cycles: string[];
}

function checkArchitecture(files: readonly SourceText[]): ArchitectureReport {
  const known = new Set(files.map((f) => f.path));
  const graph = new Map<string, Set<string>>(files.map((f) => [f.path, new Set()]));
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) {
        const why = forbiddenPackage(from, spec);
        if (why) violations.push(`${file.path} imports '${spec}' (${why})`);
        continue;
      }
      const target = resolveRelative(file.path, spec, known);
      const to = layerOf(target);
      if (!ALLOWED[from].includes(to)) violations.push(`${file.path} imports '${spec}' (${from} -> ${to})`);
      // The rest of the app reaches the database through storage's typed operations, never the Dexie object itself.
      else if (target === 'storage/db.ts' && from !== 'storage') violations.push(`${file.path} imports '${spec}' (the database object outside storage)`);
      if (known.has(target)) graph.get(file.path)!.add(target);
    }
  }
  return { violations, cycles: findCycles(graph) };
}

/** Strongly connected components (Tarjan), each reported as a shortest loop through its first module. */
function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => {
    const loop = shortestLoop(graph, c[0]!, new Set(c));
    // A loop shorter than its component is one of several: name every module tied in.
    return loop.length - 1 < c.length ? `${loop.join(' -> ')} (one loop among ${c.join(', ')})` : loop.join(' -> ');
  });
}

function shortestLoop(graph: ReadonlyMap<string, ReadonlySet<string>>, start: string, within: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!within.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = previous.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const src = import.meta.dirname;
function readSources(dir: string): SourceText[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return readSources(p);
    if (!/\.(ts|svelte)$/.test(name) || name.endsWith('.test.ts')) return [];
    return [{ path: relative(src, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }];
  });
}

describe('architecture of src/', () => {
  const files = readSources(src);
  const report = checkArchitecture(files);

  it('reads the source files of every layer', () => {
    const layers = new Set(files.map((f) => layerOf(f.path)));
    expect(['core', 'providers', 'storage', 'state', 'ui', 'cli', 'root'].filter((l) => !layers.has(l as Layer))).toEqual([]);
  });

  // On failure the diff lists each offending import: file, specifier, and which rule it breaks.
  it('imports only along the arrows', () => {
    expect(report.violations).toEqual([]);
  });

  it('has no import loops', () => {
    expect(report.cycles).toEqual([]);
  });
});

describe('the architecture check on a made-up tree', () => {
  const tree = (entries: Record<string, string>) => Object.entries(entries).map(([path, text]) => ({ path, text }));

  it('passes imports along the arrows', () => {
    const ok = tree({
      'core/a.ts': `import { z } from 'zod'; export type { B } from './b';`,
      'core/b.ts': `export type B = 1;`,
      'storage/db.ts': `import Dexie from 'dexie'; import type { B } from '../core/b';`,
      'storage/store.ts': `import { db } from './db'; export const store = db;`,
      'state/s.svelte.ts': `import { store } from '../storage/store'; const w = new Worker(new URL('../workers/w.ts', import.meta.url));`,
      'workers/w.ts': `import '../core/a';`,
      'ui/View.svelte': `<script lang="ts">import { s } from '../state/s.svelte';</script><p>{s}</p>`,
      'cli/main.ts': `import { readFile } from 'node:fs/promises'; const load = () => import('./cmd');`,
      'cli/cmd.ts': `import type { B } from '../core/b';`,
      'main.ts': `import View from './ui/View.svelte';`,
    });
    expect(checkArchitecture(ok)).toEqual({ violations: [], cycles: [] });
  });

  it('fails on imports against the arrow, in every form', () => {
    const bad = tree({
      'core/a.ts': `import { db } from '../storage/db';\nimport { readFileSync } from 'node:fs';\nimport { tick } from 'svelte';\nconst p = () => import('../providers/p');`,
      'core/b.ts': `export { x } from '../state/s.svelte';\nimport Dexie from 'dexie';`,
      'storage/db.ts': `export const db = 1;`,
      'providers/p.ts': `import type { S } from '../state/s.svelte';`,
      'state/s.svelte.ts': `export const x = 1;`,
      'ui/View.svelte': `<script lang="ts">\n  import { db } from '../storage/db';\n</script>\n<script module>import path from 'path';</script>`,
      'cli/run.ts': `import { db } from '../storage/db';`,
      'workers/w.ts': `import { db } from '../storage/db';`,
    });
    expect(checkArchitecture(bad).violations).toEqual([
      `core/a.ts imports '../storage/db' (core -> storage)`,
      `core/a.ts imports 'node:fs' (Node built-in in core)`,
      `core/a.ts imports 'svelte' (Svelte in core)`,
      `core/a.ts imports '../providers/p' (core -> providers)`,
      `core/b.ts imports '../state/s.svelte' (core -> state)`,
      `core/b.ts imports 'dexie' (Dexie outside storage)`,
      `providers/p.ts imports '../state/s.svelte' (providers -> state)`,
      `ui/View.svelte imports '../storage/db' (ui -> storage)`,
      `ui/View.svelte imports 'path' (Node built-in in ui)`,
      `cli/run.ts imports '../storage/db' (cli -> storage)`,
      `workers/w.ts imports '../storage/db' (the database object outside storage)`,
    ]);
  });

  it('fails on import loops, type-only and dynamic imports included', () => {
    const loops = tree({
      'cli/main.ts': `const commands = { run: () => import('./run') };`,
      'cli/run.ts': `import type { Command } from './main'; import { io } from './shared';`,
      'cli/shared.ts': `import type { CliIO } from './main';`,
      'core/x.ts': `import { y } from './y';`,
      'core/y.ts': `import { z } from './z';`,
      'core/z.ts': `export { x } from './x';`,
      'core/self.ts': `import './self';`,
      'core/free.ts': `import { x } from './x';`,
    });
    expect(checkArchitecture(loops).cycles).toEqual([
      'cli/main.ts -> cli/run.ts -> cli/main.ts (one loop among cli/main.ts, cli/run.ts, cli/shared.ts)',
      'core/x.ts -> core/y.ts -> core/z.ts -> core/x.ts',
      'core/self.ts -> core/self.ts',
    ]);
  });
});
