/**
 * Local rescoring as a user meets it: the bench's 10,000 responses (bench/localScorer.inputs.ts,
 * every one put on a bundled case) stored as one run in the built app, scored with "Score with
 * the local scorer" in headless Chromium. The page reports the worker's scoring time and the
 * time it took to store the verdicts; the wall time runs from the click to that report, and
 * includes the worker reading the responses from IndexedDB. Round 1 is the first rescoring after
 * the page loads (cold: the worker compiles the cases and its code warms up).
 *
 *   npx tsx bench/localScorerBrowser.bench.ts
 */
import { responseRecord, runRow } from '../tests/fixtures/records';
import { bundled, inputs } from './localScorer.inputs';
import { withBuiltApp } from './browserApp';
import { seedTables } from '../tests/e2e/seedTables';

const ROUNDS = 3;

await withBuiltApp(4340, async (page, origin) => {
  const bundledIds = new Set(bundled.map((c) => c.id));
  const run = runRow('bench-run', bundled.map((c) => c.id));
  const responses = inputs.map((x, i) => {
    const c = bundledIds.has(x.case.id) && bundled.includes(x.case) ? x.case : bundled[i % bundled.length]!;
    const r = responseRecord(run.id, i, x.response, c.id);
    const prompt = c.framings[x.framing]?.prompt ?? Object.values(c.framings)[0]!.prompt;
    return { ...r, id: `${run.id}|${c.id}|layperson|m1|${i}`, request: { ...r.request, messages: [{ role: 'user' as const, content: prompt }] }, status: x.filtered ? ('filtered' as const) : ('ok' as const) };
  });
  await seedTables(page, { runs: [run], responses });
  await page.goto(`${origin}/#/run/${run.id}`);
  await page.reload();
  const button = page.getByRole('button', { name: 'Score with the local scorer' });
  const report = page.getByText(/Scored \d+ responses with the local scorer\. Scoring took ([\d.]+) s, storing ([\d.]+) s\./);
  const rows: { wall: number; scoring: number; storing: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Let the page settle first: the previous round's stored verdicts refresh the run view and
    // the analysis, which otherwise share the machine's two cores with this round's scoring
    // (without the pause, rounds 2 and 3 scored in 1.1-1.2 s instead of 0.9 s).
    await page.waitForTimeout(4000);
    const t0 = Date.now();
    await button.click();
    await page.getByRole('progressbar', { name: 'Scoring locally' }).waitFor({ state: 'attached', timeout: 60_000 }).catch(() => {});
    await page.getByRole('progressbar', { name: 'Scoring locally' }).waitFor({ state: 'detached', timeout: 300_000 });
    await report.waitFor({ timeout: 60_000 });
    const wall = Date.now() - t0;
    const m = /Scoring took ([\d.]+) s, storing ([\d.]+) s/.exec((await report.textContent()) ?? '')!;
    rows.push({ wall, scoring: Number(m[1]) * 1000, storing: Number(m[2]) * 1000 });
    console.log(`round ${i + 1}: wall ${wall} ms; scoring in the worker ${m[1]} s; storing ${m[2]} s`);
  }
  const min = (k: keyof (typeof rows)[number]) => Math.min(...rows.map((r) => r[k]));
  console.log(`local rescoring in Chromium, ${responses.length} responses (${(inputs.reduce((s, x) => s + x.response.length, 0) / 1e6).toFixed(1)} MB), best of ${ROUNDS} each:`);
  console.log(`  scoring in the worker ${min('scoring')} ms; storing ${min('storing')} ms; wall from click to report ${min('wall')} ms`);
});
