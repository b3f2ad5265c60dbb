/**
 * The analysis as a user meets it: 3,600 scored responses, 5,000 bootstrap resamples, computed by
 * the built app's Web Worker in headless Chromium. Reads the "computed in N ms" the page reports
 * (worker time, measured inside the worker) and the wall time from the scorer change to the
 * headline appearing.
 *
 *   npx tsx bench/analysisBrowser.bench.ts
 */
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { generate } from './analysis.bench';

const PORT = 4339;
const ROUNDS = 7;
const exe = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));

// Its own output folder, so the bench never races an e2e run building dist/.
const OUT = 'node_modules/.cache/bench-dist';
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', OUT, '--emptyOutDir'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const server = spawn('npx', ['vite', 'preview', '--outDir', OUT, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
const stop = () => {
  try {
    process.kill(-server.pid!);
  } catch {
    /* already gone */
  }
};
process.on('exit', stop);

try {
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${PORT}/`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/#/library`);
  const { cases, scores } = generate();
  // Two copies of the scores under two scorer names, so switching between them recomputes.
  const copy = scores.map((s) => ({ ...s, id: `b|${s.id}`, scorer: 'local-b' }));
  await page.evaluate(
    (t) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const tx = open.result.transaction(['cases', 'scores'], 'readwrite');
          for (const c of t.cases) tx.objectStore('cases').put(c);
          for (const s of t.scores) tx.objectStore('scores').put(s);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { cases, scores: [...scores, ...copy] },
  );
  await page.goto(`http://127.0.0.1:${PORT}/#/analysis`);
  await page.reload();
  const worker: number[] = [];
  const wall: number[] = [];
  const scorer = page.getByLabel('Scorer');
  const computed = page.getByText(/computed in \d+ ms/);
  await computed.waitFor({ timeout: 60_000 });
  for (let i = 0; i < ROUNDS; i++) {
    const name = i % 2 === 0 ? 'local-b' : scores[0]!.scorer;
    const t0 = Date.now();
    await scorer.selectOption(name);
    const busy = page.getByText('Computing…');
    await busy.waitFor({ state: 'attached', timeout: 5_000 }).catch(() => {});
    await busy.waitFor({ state: 'detached', timeout: 60_000 });
    await computed.waitFor();
    wall.push(Date.now() - t0);
    worker.push(Number(/computed in (\d+) ms/.exec((await computed.textContent()) ?? '')![1]));
  }
  await browser.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`analysis in Chromium's worker, ${scores.length} scored responses, 5,000 resamples, ${ROUNDS} rounds`);
  console.log(`  worker time: median ${median(worker)} ms (runs: ${worker.join(', ')})`);
  console.log(`  wall time from scorer change to result (includes reading IndexedDB and messaging): median ${median(wall)} ms`);
} finally {
  stop();
}
