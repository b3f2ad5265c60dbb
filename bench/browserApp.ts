/**
 * The built app in headless Chromium, for the browser benchmarks: builds into its own folder (so
 * a bench never races an e2e run building dist/), serves it with `vite preview` and opens a page;
 * tests/e2e/seedTables.ts puts rows into its IndexedDB.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const OUT = 'node_modules/.cache/bench-dist';

export async function withBuiltApp(port: number, use: (page: Page, origin: string) => Promise<void>): Promise<void> {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', OUT, '--emptyOutDir'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const server = spawn('npx', ['vite', 'preview', '--outDir', OUT, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid!);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  const origin = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${origin}/`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
    const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/#/library`);
      await use(page, origin);
    } finally {
      await browser.close();
    }
  } finally {
    stop();
  }
}
