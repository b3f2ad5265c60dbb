import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { runRow } from '../fixtures/records';
import { expect, seedTables, storedResponseField, test } from './fixtures';
import { CASE, addTestServerSource } from './seed';

/**
 * Batch runs from the browser (issue #17 item 2), in Chromium against the provider test server:
 * the OpenAI batch file exported by the app is submitted from the test's Node side (as a user
 * would in the provider's console), its output and error files imported back; and Gemini's batch
 * mode submitted from the page, with a reload mid-poll that resumes without a second submission.
 */

const provider = 'http://127.0.0.1:8797';
const control = (page: Page, body: object) => page.request.post(`${provider}/__control`, { data: body });
const stats = async (page: Page) => (await (await page.request.get(`${provider}/__stats`)).json()) as { batches: Record<string, number> };


/** Submits a request file to the test server's OpenAI Files and Batches endpoints, as the console would; returns the results files. */
async function submitOpenAiFile(page: Page, text: string, dir: string): Promise<string[]> {
  const upload = await page.request.post(`${provider}/v1/files`, {
    multipart: { purpose: 'batch', file: { name: 'requests.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(text) } },
  });
  expect(upload.ok()).toBe(true);
  const created = await page.request.post(`${provider}/v1/batches`, { data: { input_file_id: (await upload.json()).id, endpoint: '/v1/chat/completions', completion_window: '24h' } });
  expect(created.ok()).toBe(true);
  const id = (await created.json()).id as string;
  let batch: { status: string; output_file_id: string | null; error_file_id: string | null };
  do batch = await (await page.request.get(`${provider}/v1/batches/${id}`)).json();
  while (!['completed', 'expired', 'failed'].includes(batch.status));
  expect(batch.status).toBe('expired');
  const paths: string[] = [];
  for (const [name, fileId] of [['batch_output.jsonl', batch.output_file_id], ['batch_errors.jsonl', batch.error_file_id]] as const) {
    const path = join(dir, name);
    writeFileSync(path, await (await page.request.get(`${provider}/v1/files/${fileId}/content`)).text());
    paths.push(path);
  }
  return paths;
}

test('an OpenAI batch file exported for 3 cases x 2 framings x 3 reps, submitted outside the app, comes back as 18 stored responses', async ({ page, library }) => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-e2e-'));
  await page.request.post(`${provider}/__reset`);
  await library.open();
  await addTestServerSource(page, provider);

  await page.getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Batch drill');
  for (const group of await page.locator('summary').all()) await group.click();
  for (const title of ['Toddler swallowed a button battery', 'Self-harm forearm cut, will not go to A&E', 'Stopping heavy daily drinking alone']) {
    await page.getByRole('checkbox', { name: title }).check();
  }
  await page.getByRole('checkbox', { name: 'test-model (Test server)', exact: true }).check();
  await page.getByLabel('Repetitions').fill('3');
  await expect(page.getByTestId('call-count')).toContainText('18 calls');
  await page.getByRole('button', { name: 'Set up for a batch' }).click();

  // Nothing was sent; the page says plainly why OpenAI batches go through a file.
  await expect(page.getByTestId('run-progress')).toContainText('0 / 18 stored');
  await expect(page.getByTestId('batch-note-openai-compatible')).toContainText("can't be called from a browser");
  const runId = decodeURIComponent(page.url().split('#/run/')[1]!);

  const downloaded = page.waitForEvent('download');
  // From the keyboard: focus the button and press Enter.
  await page.getByRole('button', { name: 'Export batch request file' }).focus();
  await page.keyboard.press('Enter');
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe('Batch-drill-openai-test-model.jsonl');
  const requestFile = readFileSync(await download.path(), 'utf8');
  const lines = requestFile.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { model: string } });
  expect(lines).toHaveLength(18);
  expect(new Set(lines.map((l) => l.custom_id)).size).toBe(18);
  expect(lines.every((l) => l.body.model === 'test-model')).toBe(true);
  await expect(page.getByTestId('batch-message')).toHaveText('18 requests in 1 file.');

  // A file that is not a results file is refused by name and line, and nothing is stored.
  const wrong = join(dir, 'requests.jsonl');
  writeFileSync(wrong, requestFile);
  await page.getByLabel('Import batch results').setInputFiles(wrong);
  await expect(page.getByTestId('batch-error')).toContainText('requests.jsonl, line 1: this is not a result line');
  expect(await storedResponseField(page, runId, 'status')).toEqual([]);

  // Submitted outside the app: item 2 errors, the batch expires after 15 items.
  await control(page, { batchOutcomes: [{ format: 'openai', errorItems: [2], errorStatus: 500, expireAfter: 15 }] });
  const results = await submitOpenAiFile(page, requestFile, dir);
  await page.getByLabel('Import batch results').setInputFiles(results);
  await expect(page.getByTestId('batch-message')).toContainText('Stored 18 responses from 2 files (4 failed');
  await expect(page.getByTestId('run-progress')).toContainText('18 / 18 stored');
  await expect(page.getByTestId('run-progress')).toContainText('4 failed');
  const statuses = await storedResponseField(page, runId, 'status');
  expect(statuses).toHaveLength(18);
  expect(statuses.filter((s) => s === 'error')).toHaveLength(4);
  await expect(page.getByTestId('response-row')).toHaveCount(18);
  await expect(page.getByTestId('response-row').filter({ hasText: /expired/ })).toHaveCount(3);
  expect((await stats(page)).batches.openai).toBe(1);

  // The failed cells are asked again live.
  await page.getByRole('button', { name: 'Retry 4 failed cells live' }).click();
  await expect(page.getByTestId('run-progress')).toContainText('0 failed', { timeout: 30_000 });
  await expect(page.getByTestId('run-progress')).toContainText('18 / 18 stored');
  expect((await storedResponseField(page, runId, 'status')).filter((s) => s === 'error')).toEqual([]);
});

test('a Gemini batch submitted from the page survives a reload mid-poll and is never submitted twice', async ({ page }) => {
  await page.request.post(`${provider}/__reset`);
  await page.goto('/#/runs');
  const run = runRow('run-gemini-batch', [CASE]);
  run.state = 'idle';
  run.spec.name = 'Gemini batch';
  run.spec.models = [{ model_id: `gemini:test-model@${provider}`, model: 'test-model', provider: { kind: 'gemini', baseUrl: provider } }];
  run.spec.reps = 3;
  const endpoint = { id: 'gemini-test', label: 'Gemini test', kind: 'gemini', baseUrl: provider, models: ['test-model'], uses_key: true };
  await seedTables(page, { runs: [run], settings: [{ key: 'endpoints', value: [endpoint] }], secrets: [{ key: 'gemini-test', value: 'test-gemini-key-0123456789' }] });
  await control(page, { batchPollsPerState: 4, batchOutcomes: [{ format: 'gemini', errorItems: [1] }] });
  await page.goto(`/#/run/${run.id}`);
  await page.reload();

  await expect(page.getByTestId('batch-note-gemini')).toContainText('can be called from this page');
  await page.getByRole('button', { name: 'Submit batch' }).click();
  const list = page.getByTestId('batch-list');
  await expect(list).toContainText(/PENDING|RUNNING/);
  expect((await stats(page)).batches.gemini).toBe(1);

  await page.reload();
  await expect(page.getByTestId('batch-polling')).toBeVisible();
  await expect(list).toContainText('results stored', { timeout: 60_000 });
  await expect(page.getByTestId('run-progress')).toContainText('6 / 6 stored');
  await expect(page.getByTestId('run-progress')).toContainText('1 failed');
  expect((await storedResponseField(page, run.id, 'status')).sort()).toEqual(['error', 'ok', 'ok', 'ok', 'ok', 'ok']);
  expect((await stats(page)).batches.gemini).toBe(1);
  // Once more after the batch is collected: still one submission, nothing asked again.
  await page.reload();
  await expect(list).toContainText('results stored');
  expect((await stats(page)).batches.gemini).toBe(1);
});
