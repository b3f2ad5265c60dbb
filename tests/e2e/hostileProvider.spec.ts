import type { Page } from '@playwright/test';
import { expect, seedTables, test } from './fixtures';
import { CASE } from './seed';
import { runRow } from '../fixtures/records';
import type { ResponseRecord } from '../../src/core/run/types';

const provider = 'http://127.0.0.1:8797';
const baseUrl = `${provider}/v1`;

/** A pending run of 4 cells, one at a time, whose model allows 3 s between deltas (so 15 s in all). */
async function seedRun(page: Page, id: string) {
  const run = runRow(id, [CASE]);
  run.state = 'idle';
  run.spec.models = [{ model_id: `openai-compatible:test-model@${baseUrl}`, model: 'test-model', provider: { kind: 'openai-compatible', baseUrl, timeoutMs: 3000 } }];
  run.spec.reps = 2;
  run.spec.concurrency = 1;
  const endpoint = { id: 'e2e-server', label: 'Test server', kind: 'openai-compatible', baseUrl, models: ['test-model'] };
  await seedTables(page, { runs: [run], settings: [{ key: 'endpoints', value: [endpoint] }] });
}

function stored(page: Page, runId: string): Promise<ResponseRecord[]> {
  return page.evaluate(
    (id) =>
      new Promise<ResponseRecord[]>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const req = open.result.transaction('responses').objectStore('responses').index('run_id').getAll(id);
          req.onsuccess = () => resolve(req.result as ResponseRecord[]);
          req.onerror = () => reject(req.error);
        };
      }),
    runId,
  );
}

test('a hostile provider cannot freeze the tab or hide its message', async ({ page }) => {
  test.setTimeout(90_000);
  await page.request.post(`${provider}/__reset`);
  await page.goto('/#/runs');
  await seedRun(page, 'run-hostile');
  await page.goto('/#/run/run-hostile');
  await page.reload();
  // Long tasks on the main thread, measured across the whole run.
  await page.evaluate(() => {
    const w = window as unknown as { longest: number };
    w.longest = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.longest = Math.max(w.longest, e.duration)))).observe({ type: 'longtask' });
  });
  // One cell each, in order: 50 MB streamed, a quota error in a 200, one broken SSE line, a drip.
  await page.request.post(`${provider}/__control`, {
    data: {
      faults: [{ kind: 'huge' }, { kind: 'json_error' }, { kind: 'bad_sse_line' }, { kind: 'drip', intervalMs: 1 }],
      // Long enough that the drip, a delta well within the idle deadline, would take minutes.
      answers: [{ text: 'word '.repeat(3000) }],
    },
  });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-progress')).toContainText('4 / 4 stored', { timeout: 60_000 });
  await expect(page.getByTestId('run-state')).toHaveText('completed');

  const byRep = (await stored(page, 'run-hostile')).sort((a, b) => a.rep - b.rep || a.framing.localeCompare(b.framing));
  const [huge, quota, badLine, drip] = byRep.map((r) => r);
  expect(huge).toMatchObject({ status: 'truncated', finish_reason: 'length' });
  expect(huge!.text).toHaveLength(256 * 1024);
  expect(quota).toMatchObject({ status: 'error', attempts: 1 });
  expect(quota!.error).toContain('You exceeded your current quota');
  expect(badLine).toMatchObject({ status: 'ok', attempts: 1 });
  expect(drip).toMatchObject({ status: 'error', attempts: 1 });
  expect(drip!.error).toContain('no complete answer within 15 s');

  // Nothing was asked twice: neither the quota nor the drip is retried.
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.requests['/v1/chat/completions']).toBe(4);
  expect(await page.evaluate(() => (window as unknown as { longest: number }).longest)).toBeLessThan(1000);

  // Each says so where the user looks.
  const rows = page.getByTestId('response-row');
  await expect(rows.filter({ hasText: 'truncated' })).toContainText('Truncated: the answer passed 262,144 characters');
  await expect(rows.filter({ hasText: 'quota' })).toContainText('You exceeded your current quota');
  // The table can show the truncated answers alone.
  await page.getByLabel('Show').selectOption('truncated');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Truncated');
  await page.request.post(`${provider}/__reset`);
});
