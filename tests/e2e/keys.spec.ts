import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openScoredRun } from './seed';

const provider = 'http://127.0.0.1:8797';
const KEY = 'sk-test-secret-4242-abcdef';
const WRONG = 'sk-wrong-key-7777-zyxwvu';

async function addSource(page: Page, key: string, remember: boolean) {
  await page.goto('/#/models');
  await page.getByLabel('Provider').selectOption('custom');
  await page.getByLabel('Name', { exact: true }).fill('Keyed server');
  await page.getByLabel('Base URL').fill(`${provider}/v1`);
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('Remember this key on this device').setChecked(remember);
  await page.getByRole('button', { name: 'Test connection and list models' }).click();
}

test('keys stay masked, out of exports, logs, errors and URLs, persist only when asked, and can be forgotten', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('request', (r) => expect(r.url()).not.toContain(KEY));
  await page.request.post(`${provider}/__reset`);
  await page.request.post(`${provider}/__control`, { data: { apiKey: KEY } });

  // A wrong key gets a plain sentence that does not repeat it.
  await addSource(page, WRONG, false);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/key/i);
  await expect(alert).not.toContainText(WRONG);

  await addSource(page, KEY, false);
  await expect(page.getByRole('status')).toContainText('Connected: 2 models.');
  await page.getByRole('checkbox', { name: 'test-model', exact: true }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByTestId('endpoints')).toContainText('key: sk-…wu'.replace('wu', KEY.slice(-2)));
  expect(await page.content()).not.toContain(KEY);

  // Not remembered: gone after a reload.
  await page.reload();
  await expect(page.getByTestId('endpoints')).toContainText('no key');

  await addSource(page, KEY, true);
  await expect(page.getByRole('status')).toContainText('Connected');
  await page.getByRole('checkbox', { name: 'test-model', exact: true }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await page.reload();
  await expect(page.getByTestId('endpoints')).toContainText(`key: sk-…${KEY.slice(-2)}`);

  // The workspace export never holds it.
  await page.goto('/#/workspace');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace' }).click();
  const file = await (await download).path();
  const exported = readFileSync(file, 'utf8');
  expect(exported).toContain('Keyed server');
  expect(exported).not.toContain(KEY);

  // Nor does a report.
  await openScoredRun(page);
  await page.getByRole('link', { name: 'Open the analysis' }).click();
  await expect(page.getByTestId('headline')).toBeVisible();
  const reportDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  expect(readFileSync(await (await reportDownload).path(), 'utf8')).not.toContain(KEY);

  await page.goto('/#/models');
  await page.getByRole('button', { name: 'Forget my keys' }).click();
  await expect(page.getByTestId('endpoints')).toContainText('no key');
  await page.reload();
  await expect(page.getByTestId('endpoints')).toContainText('no key');

  // "Delete all data" removes keys and everything else.
  await addSource(page, KEY, true);
  await page.getByRole('checkbox', { name: 'test-model', exact: true }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await page.goto('/#/workspace');
  await page.getByRole('button', { name: 'Delete all data…' }).click();
  await page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(page.getByRole('heading', { name: 'Case library' })).toBeVisible();
  const left = await page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const names = ['secrets', 'settings', 'runs', 'responses', 'scores'].filter((n) => open.result.objectStoreNames.contains(n));
          if (names.length === 0) return resolve({});
          const tx = open.result.transaction(names);
          const out: Record<string, number> = {};
          for (const n of names) tx.objectStore(n).count().onsuccess = (e) => (out[n] = (e.target as IDBRequest<number>).result);
          tx.oncomplete = () => resolve(out);
        };
      }),
  );
  expect(Object.values(left).every((n) => n === 0)).toBe(true);
  await page.goto('/#/models');
  await expect(page.getByText('No model source yet.')).toBeVisible();

  expect(page.url()).not.toContain(KEY);
  expect(logs.join('\n')).not.toContain(KEY);
  const stats = await (await page.request.get(`${provider}/__stats`)).json();
  expect(stats.keyInQuery).toBe(0);
  await page.request.post(`${provider}/__reset`);
});

test('without WebGPU the in-browser panel says so plainly', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByText('In-browser models (WebGPU)').click();
  await expect(page.getByTestId('webgpu-missing')).toContainText(/WebGPU|GPU/);
});
