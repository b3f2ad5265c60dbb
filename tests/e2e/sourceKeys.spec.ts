import type { Page } from '@playwright/test';
import { expect, seedTables, test } from './fixtures';
import { CASE } from './seed';
import { runRow } from '../fixtures/records';

const provider = 'http://127.0.0.1:8797';
const KEY = 'sk-test-secret-4242-abcdef';
const control = (page: Page, body: object) => page.request.post(`${provider}/__control`, { data: body });

/** Opens the run set-up with the alprazolam case (bundled) and the keyed server's test-model chosen. */
async function setUpRun(page: Page) {
  await page.getByRole('link', { name: 'Runs' }).click();
  await page.getByRole('link', { name: 'New run' }).click();
  await page.getByText('Medication management (').click();
  await page.getByRole('checkbox', { name: 'Alprazolam running out with no prescriber' }).check();
  await page.getByRole('checkbox', { name: 'Informed layperson' }).uncheck();
  await page.getByRole('checkbox', { name: 'Non-medical professional' }).uncheck();
  await page.getByRole('checkbox', { name: 'test-model (Keyed server)', exact: true }).check();
  await page.getByLabel('Repetitions').fill('1');
}

test('a key that was not remembered can be entered on the Models page; the run set-up and the run say where', async ({ page }) => {
  page.on('request', (r) => expect(r.url()).not.toContain(KEY));
  await page.request.post(`${provider}/__reset`);
  await control(page, { apiKey: KEY });

  await page.goto('/#/models');
  await page.getByLabel('Provider').selectOption('custom');
  await page.getByLabel('Name', { exact: true }).fill('Keyed server');
  await page.getByLabel('Base URL').fill(`${provider}/v1`);
  await page.getByLabel('API key').fill(KEY);
  await page.getByRole('button', { name: 'Test connection and list models' }).click();
  // A short list comes ticked, as a user expects; one is unticked here.
  await expect(page.getByRole('status')).toContainText('Connected: 2 models. They are ticked below');
  await expect(page.getByRole('checkbox', { name: 'test-model', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'test-model-mini', exact: true })).toBeChecked();
  await page.getByRole('checkbox', { name: 'test-model-mini', exact: true }).uncheck();
  await expect(page.getByRole('group', { name: /Models to use/ })).toContainText('1 of 2 ticked');
  await page.getByRole('button', { name: 'Save model source' }).click();

  // Saved, with a singular count, and the form emptied so it does not invite a duplicate.
  await expect(page.getByRole('status')).toContainText('Saved Keyed server with 1 model.');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Custom server');
  await expect(page.getByLabel('Base URL')).not.toHaveValue(`${provider}/v1`);
  await expect(page.getByLabel('API key')).toHaveValue('');
  await expect(page.getByRole('group', { name: /Models to use/ })).toHaveCount(0);

  // The key was not remembered: after a reload the source says so, and a run set-up warns.
  await page.reload();
  const source = page.getByTestId('endpoints').getByRole('listitem').filter({ hasText: 'Keyed server' });
  await expect(source.getByTestId('key-status')).toContainText('no key');
  await setUpRun(page);
  await expect(page.getByTestId('call-count')).toContainText('2 calls (1 case × 2 framings × 1 model × 1 repetition');
  const warning = page.getByTestId('keyless-warning');
  await expect(warning).toContainText('Keyed server has no key in this tab');
  await expect(warning.getByRole('link', { name: 'Enter the key on the Models page' })).toBeVisible();

  // Started anyway, the run stops at the key and its error says where the key goes.
  await page.getByRole('button', { name: 'Start run anyway' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('failed', { timeout: 20_000 });
  const error = page.getByRole('alert');
  await expect(error).toContainText('Enter one for "Keyed server" on the Models page.');
  await expect(error).not.toContainText('Settings');
  await expect(page.getByText('1 case · 2 framings · test-model · 1 repetition')).toBeVisible();
  const runUrl = page.url();
  await error.getByRole('link', { name: 'Open the Models page' }).click();

  // Entered in place, from the keyboard.
  await page.getByRole('button', { name: 'Enter key for Keyed server' }).click();
  await expect(page.getByLabel('API key for Keyed server')).toBeFocused();
  await page.keyboard.type(KEY);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Key saved for Keyed server for this tab.');
  await expect(source.getByTestId('key-status')).toContainText(`key: sk-…${KEY.slice(-2)}`);
  await expect(source.getByRole('button', { name: 'Change key for Keyed server' })).toBeVisible();
  expect(await page.content()).not.toContain(KEY);

  // The warning is gone from the set-up, and the failed run resumes with the key.
  await setUpRun(page);
  await expect(page.getByTestId('keyless-warning')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start run', exact: true })).toBeEnabled();
  await page.goto(runUrl);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-progress')).toContainText('2 / 2 stored', { timeout: 20_000 });
  await expect(page.getByTestId('run-state')).toHaveText('completed');
  expect(page.url()).not.toContain(KEY);
  await page.request.post(`${provider}/__reset`);
});

test('retries after a 429 show in the run view, and a paused run shows no stale ETA', async ({ page }) => {
  await page.request.post(`${provider}/__reset`);
  const baseUrl = `${provider}/v1`;
  const run = runRow('run-retries', [CASE]);
  run.state = 'idle';
  run.spec.models = [{ model_id: `openai-compatible:test-model@${baseUrl}`, model: 'test-model', provider: { kind: 'openai-compatible', baseUrl } }];
  run.spec.reps = 6;
  run.spec.concurrency = 1;
  const endpoint = { id: 'e2e-server', label: 'Test server', kind: 'openai-compatible', baseUrl, models: ['test-model'] };
  await page.goto('/#/runs');
  await seedTables(page, { runs: [run], settings: [{ key: 'endpoints', value: [endpoint] }] });
  await page.goto('/#/run/run-retries');
  await page.reload();

  await control(page, { latencyMs: 500, faults: [{ kind: 'status', status: 429, retryAfter: 3 }] });
  await page.getByRole('button', { name: 'Start' }).click();
  const retries = page.getByTestId('run-retries');
  await expect(retries).toContainText('retrying after HTTP 429, attempt 2 of 5 (waiting 3 s)');
  await expect(retries).toContainText(`${CASE} · layperson`);
  const progress = page.getByTestId('run-progress');
  await expect(progress).toContainText('1 retry');
  await expect(retries).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('run-eta')).toHaveText(/^ETA (\d+ s|\d+ min)$/, { timeout: 10_000 });

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('run-eta')).toHaveText('ETA: paused');
  await control(page, { latencyMs: 0 });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toContainText('12 / 12 stored', { timeout: 30_000 });
  await expect(page.getByTestId('run-state')).toHaveText('completed');
  await expect(page.getByTestId('run-eta')).toHaveCount(0);
  await expect(progress).toContainText('1 retry');
  await page.request.post(`${provider}/__reset`);
});
