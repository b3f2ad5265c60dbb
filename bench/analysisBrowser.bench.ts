/**
 * The analysis as a user meets it: 3,600 scored responses, 5,000 bootstrap resamples, computed by
 * the built app's Web Worker in headless Chromium. Reads the "computed in N ms" the page reports
 * (worker time, measured inside the worker) and the wall time from the scorer change to the
 * headline appearing.
 *
 *   npx tsx bench/analysisBrowser.bench.ts
 */
import { generate } from './analysis.bench';
import { withBuiltApp } from './browserApp';
import { seedTables } from '../tests/e2e/seedTables';

const ROUNDS = 7;

await withBuiltApp(4339, async (page, origin) => {
  const { cases, scores } = generate();
  // Two copies of the scores under two scorer names, so switching between them recomputes.
  const copy = scores.map((s) => ({ ...s, id: `b|${s.id}`, scorer: 'local-b' }));
  await seedTables(page, { cases, scores: [...scores, ...copy] });
  await page.goto(`${origin}/#/analysis`);
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
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`analysis in Chromium's worker, ${scores.length} scored responses, 5,000 resamples, ${ROUNDS} rounds`);
  console.log(`  worker time: median ${median(worker)} ms (runs: ${worker.join(', ')})`);
  console.log(`  wall time from scorer change to result (includes reading IndexedDB and messaging): median ${median(wall)} ms`);
});
