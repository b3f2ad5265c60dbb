import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Fills public/sw.js's precache list once the build is written. The web-llm chunks (~6 MB each,
 * one for the page, one inside the model worker) stay out of it: they are needed only for
 * in-browser models, so the service worker caches them when first used. They are found by
 * their modules, in the page build and in the worker builds alike.
 */
function precache(): { page: Plugin; worker: Plugin } {
  const runtimeOnly = new Set<string>();
  let outDir = 'dist';
  const collect: Plugin['generateBundle'] = (_options, bundle) => {
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk' && file.moduleIds.some((id) => id.includes('/@mlc-ai/web-llm/'))) runtimeOnly.add(file.fileName);
    }
  };
  const worker: Plugin = { name: 'iatroscope:precache-worker', apply: 'build', generateBundle: collect };
  const page: Plugin = {
    name: 'iatroscope:precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle: collect,
    closeBundle() {
      const files = walk(outDir)
        .map((f) => relative(outDir, f).split(sep).join('/'))
        .filter((f) => !f.startsWith('.vite/') && !f.endsWith('.map') && f !== 'sw.js' && f !== 'index.html')
        .sort();
      const precached = files.filter((f) => !runtimeOnly.has(f));
      const runtime = files.filter((f) => runtimeOnly.has(f));
      const build = createHash('sha256');
      for (const f of files) build.update(f).update(readFileSync(join(outDir, f)));
      build.update(readFileSync(join(outDir, 'index.html')));
      const swPath = join(outDir, 'sw.js');
      const sw = readFileSync(swPath, 'utf8')
        .replace(/^const BUILD = .*;$/m, `const BUILD = ${JSON.stringify(build.digest('hex').slice(0, 12))};`)
        .replace(/^const PRECACHE = \[\];$/m, `const PRECACHE = ${JSON.stringify(precached)};`)
        .replace(/^const RUNTIME_ONLY = \[\];$/m, `const RUNTIME_ONLY = ${JSON.stringify(runtime)};`);
      if (!sw.includes('const PRECACHE = ["')) throw new Error('precache: public/sw.js no longer has the `const PRECACHE = [];` line to fill');
      writeFileSync(swPath, sw);
    },
  };
  return { page, worker };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The Content-Security-Policy written once, in index.html's meta tag (where it is explained). */
function contentSecurityPolicy(): string {
  const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!policy) throw new Error('index.html has no Content-Security-Policy meta tag');
  return policy;
}

const sw = precache();

export default defineConfig({
  plugins: [svelte(), sw.page],
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  // As a header too, so it also covers the worker scripts, which a meta tag does not reach.
  preview: { host: '127.0.0.1', port: 4173, headers: { 'Content-Security-Policy': contentSecurityPolicy() } },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es', plugins: () => [sw.worker] },
  test: {
    include: ['src/**/*.test.ts', 'scenarios/**/*.test.ts', 'tests/providerServer/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/fastcheck.setup.ts'],
    // Whole-library tests (every labelled answer scored, property tests) take a few seconds
    // alone and several times that on a busy two-core machine; a timeout is not an assertion.
    testTimeout: 30_000,
  },
});
