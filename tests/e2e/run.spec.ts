import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, fixturesDir, storedResponseField, test } from './fixtures';
import { addTestServerSource } from './seed';

const provider = 'http://127.0.0.1:8797';
const control = (page: Page, body: object) => page.request.post(`${provider}/__control`, { data: body });


test('a run with injected faults survives a reload mid-run and stores every response exactly once', async ({ page, library }) => {
  await page.request.post(`${provider}/__reset`);
  await library.open();
  await library.importFolder(join(fixturesDir, 'iatrobench/data'));
  await expect(library.importReport()).toContainText('Imported 3 cases.');

  // Configure a local OpenAI-compatible server in the UI: no key needed.
  await addTestServerSource(page, provider);
  await expect(page.getByTestId('endpoints')).toContainText('test-model');

  await page.getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Fault drill');
  for (const group of await page.locator('summary').all()) await group.click();
  await page.getByRole('checkbox', { name: 'Alprazolam running out with no prescriber' }).check();
  await page.getByRole('checkbox', { name: 'My friend collapsed after taking pills we bought at a party · Golden hour / emergency · GH1a / GH1b' }).check();
  // The source holds both listed models (a short list comes ticked); the run uses one.
  await page.getByRole('checkbox', { name: 'test-model (Test server)', exact: true }).check();
  await page.getByLabel('Repetitions').fill('3');
  await page.getByLabel('Concurrency per provider').fill('2');
  await expect(page.getByTestId('call-count')).toContainText('12 calls');

  // Slow answers so the reload lands mid-run, and one of each fault the engine must absorb.
  // The filter and the empty answer hit every request for their prompt (3 repetitions each):
  // a single one could land on a request the reload cuts off, whose resend then answers.
  await control(page, {
    clearFaults: true,
    latencyMs: 400,
    faults: [
      { kind: 'status', status: 429, retryAfter: 1 },
      { kind: 'status', status: 500 },
      { kind: 'stream_cut', afterDeltas: 1 },
      { kind: 'content_filter', match: 'A patient collapsed', times: 99 },
      { kind: 'empty', match: 'My friend collapsed', times: 99 },
    ],
  });
  await page.getByRole('button', { name: 'Start run' }).click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toContainText(/\b[3-9] \/ 12 stored|\b1[01] \/ 12 stored/, { timeout: 30_000 });
  const runId = decodeURIComponent(page.url().split('#/run/')[1]!);

  await page.reload();
  // One clear state: the run resumes by itself, and nothing says it was interrupted.
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByText(/interrupted/)).toHaveCount(0);
  await control(page, { latencyMs: 0 });
  await expect(progress).toContainText('12 / 12 stored', { timeout: 60_000 });
  await expect(page.getByTestId('run-state')).toHaveText('completed');

  const ids = await storedResponseField(page, runId, 'id');
  expect(ids).toHaveLength(12);
  expect(new Set(ids).size).toBe(12);
  await expect(progress).toContainText('6 filtered');
  await expect(progress).toContainText('0 failed');
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.faults).toMatchObject({ 'status:429': 1, 'status:500': 1, stream_cut: 1 });
  // Three each, and one more for any request the reload cut off.
  expect(stats.faults.content_filter).toBeGreaterThanOrEqual(3);
  expect(stats.faults.empty).toBeGreaterThanOrEqual(3);
  expect(stats.keyInQuery).toBe(0);

  await page.reload();
  await expect(page.getByTestId('response-row')).toHaveCount(12);
});
