import type { Page } from '@playwright/test';
import { expect, seedTables, test } from './fixtures';
import { CASE, openScoredRun } from './seed';
import { runRow } from '../fixtures/records';

const provider = 'http://127.0.0.1:8797';

/** A not-yet-started run of 12 cells against the test server, and its model source (with a price, when given). */
async function seedPendingRun(page: Page, id: string, price?: { input_per_mtok: number; output_per_mtok: number }) {
  const run = runRow(id, [CASE]);
  const baseUrl = `${provider}/v1`;
  run.state = 'idle';
  run.spec.models = [{ model_id: `openai-compatible:test-model@${baseUrl}`, model: 'test-model', provider: { kind: 'openai-compatible', baseUrl } }];
  run.spec.reps = 6;
  run.spec.concurrency = 2;
  const endpoint = { id: 'e2e-server', label: 'Test server', kind: 'openai-compatible', baseUrl, models: ['test-model'], ...(price && { price }) };
  await seedTables(page, { runs: [run], settings: [{ key: 'endpoints', value: [endpoint] }] });
}

async function storedIds(page: Page, runId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const req = open.result.transaction('responses').objectStore('responses').index('run_id').getAllKeys(id);
          req.onsuccess = () => resolve(req.result as string[]);
          req.onerror = () => reject(req.error);
        };
      }),
    runId,
  );
}

/** A pending run of 12 cells on a provider that answers after `latencyMs`, opened in `page`. */
async function openPendingRun(page: Page, id: string, latencyMs: number, price?: { input_per_mtok: number; output_per_mtok: number }) {
  await page.request.post(`${provider}/__reset`);
  await page.request.post(`${provider}/__control`, { data: { latencyMs } });
  await page.goto('/#/runs');
  await seedPendingRun(page, id, price);
  await page.goto(`/#/run/${id}`);
  await page.reload();
}

/** Starts the open run and waits until `stored` cells are. */
async function startUntil(page: Page, stored: RegExp) {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-progress')).toContainText(stored, { timeout: 20_000 });
}

/**
 * Opens an interrupted run, which resumes by itself (no tab holds it) at full speed, and checks
 * that every cell was stored once.
 */
async function resumeInterrupted(page: Page, id: string) {
  await control(page);
  await page.goto(`/#/run/${id}`);
  await expect(page.getByText(/interrupted/)).toHaveCount(0);
  await expect(page.getByTestId('run-progress')).toContainText('12 / 12 stored', { timeout: 30_000 });
  await expect(page.getByTestId('run-state')).toHaveText('completed');
  expect(new Set(await storedIds(page, id)).size).toBe(12);
  await page.request.post(`${provider}/__reset`);
}

test('two tabs on one workspace never drive the same run', async ({ page, context }) => {
  await openPendingRun(page, 'run-two-tabs', 250);
  const other = await context.newPage();
  await other.goto('/#/run/run-two-tabs');

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  // The other tab follows: it says where the run is driven, offers no second start, and never says interrupted.
  await expect(other.getByTestId('run-notice')).toContainText('running in another tab');
  await expect(other.getByTestId('run-state')).toHaveText('running');
  await expect(other.getByRole('button', { name: /Start|Resume/ })).toHaveCount(0);
  await expect(other.getByText(/interrupted/)).toHaveCount(0);

  await expect(page.getByTestId('run-progress')).toContainText('12 / 12 stored', { timeout: 30_000 });
  // ... and shows the run live to its end, not stuck where it was opened.
  await expect(other.getByTestId('run-progress')).toContainText('12 / 12 stored');
  await expect(other.getByTestId('run-state')).toHaveText('completed');
  const ids = await storedIds(page, 'run-two-tabs');
  expect(ids).toHaveLength(12);
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.requests['/v1/chat/completions']).toBe(12);
  await page.request.post(`${provider}/__reset`);
});

test('going offline mid-run pauses it with a notice, and it resumes when the network returns', async ({ page, context }) => {
  await openPendingRun(page, 'run-offline', 300);
  await startUntil(page, /\b[1-9] \/ 12 stored/);

  await context.setOffline(true);
  await expect(page.getByTestId('run-notice')).toContainText('network is down');
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await context.setOffline(false);
  await expect(page.getByTestId('run-progress')).toContainText('12 / 12 stored', { timeout: 30_000 });
  await expect(page.getByTestId('run-notice')).toHaveCount(0);
  expect(new Set(await storedIds(page, 'run-offline')).size).toBe(12);
  await page.request.post(`${provider}/__reset`);
});

test('a reload mid-run resumes by itself, and the requests it cut off are counted in the run\'s spend', async ({ page }) => {
  await openPendingRun(page, 'run-reload-spend', 1000, { input_per_mtok: 1, output_per_mtok: 2 });
  await startUntil(page, /\b[1-9] \/ 12 stored/);
  await expect(page.getByTestId('run-progress')).toContainText('2 in flight');
  await page.reload();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect(page.getByText(/interrupted/)).toHaveCount(0);
  const unanswered = page.getByTestId('run-unanswered');
  await expect(unanswered).toContainText(/\b[12] requests? cut off by a reload \(sent, so paid for: up to \$0\.\d{4}\)/);
  await control(page);
  await expect(page.getByTestId('run-progress')).toContainText('12 / 12 stored', { timeout: 30_000 });
  // Every request the server saw is either a stored answer or one counted as cut off.
  const cutOff = Number(/(\d) request/.exec((await unanswered.textContent()) ?? '')![1]);
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.requests['/v1/chat/completions']).toBe(12 + cutOff);
  expect(new Set(await storedIds(page, 'run-reload-spend')).size).toBe(12);
  await page.request.post(`${provider}/__reset`);
});

test('a run survives its tab being closed mid-run: another tab resumes it and every cell is stored once', async ({ page, context }) => {
  await openPendingRun(page, 'run-crash', 300);
  await startUntil(page, /\b[2-9] \/ 12 stored/);

  // Closing without unload handlers is as abrupt as the browser allows here (a renderer crash
  // takes Playwright's whole context down with it in headless Chromium).
  await page.close({ runBeforeUnload: false });
  const tab = await context.newPage();
  await resumeInterrupted(tab, 'run-crash');
});

/** Speeds the test server back up after a crash. */
async function control(p: Page) {
  await p.request.post(`${provider}/__control`, { data: { latencyMs: 0 } });
}

test('a run survives the whole browser closing mid-run, and resumes after a restart', async ({ browserName, playwright }, testInfo) => {
  expect(browserName).toBe('chromium');
  const userDataDir = testInfo.outputPath('profile');
  const launch = () =>
    playwright.chromium.launchPersistentContext(userDataDir, {
      ...testInfo.project.use.launchOptions,
      baseURL: testInfo.project.use.baseURL,
    });
  let context = await launch();
  let page = context.pages()[0] ?? (await context.newPage());
  await openPendingRun(page, 'run-restart', 300);
  await startUntil(page, /\b[2-9] \/ 12 stored/);
  await context.close();

  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
  await resumeInterrupted(page, 'run-restart');
  await context.close();
});

test('deleting a run removes it with its responses and their scores', async ({ page }) => {
  const { run } = await openScoredRun(page);
  await page.goto('/#/runs');
  await page.getByRole('button', { name: `Delete ${run.spec.name}` }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('runs')).toContainText(run.spec.name);
  await page.getByRole('button', { name: `Delete ${run.spec.name}` }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('No runs yet.')).toBeVisible();
  expect(await storedIds(page, run.id)).toHaveLength(0);
  const scores = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const req = open.result.transaction('scores').objectStore('scores').count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
  expect(scores).toBe(0);
});
