import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SCORER_VERSION } from '../../src/core/scoring/version';
import { expect, fixturesDir, test } from './fixtures';
import { openScoredRun } from './seed';

test('the HTML report names its runs and settings, renders answers, and reads as words', async ({ page }) => {
  await openScoredRun(page);
  await page.getByRole('link', { name: 'Open the analysis' }).click();
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await download).path(), 'utf8');

  const covers = html.slice(html.indexOf('What this report covers'), html.indexOf('Headline'));
  expect(covers).toContain('Run run-e2e');
  expect(covers).toContain('2026-11-22');
  expect(covers).toContain('m-alpha (127.0.0.1:8797), m-beta (127.0.0.1:8797)');
  expect(covers).toContain('Layperson (patient), Physician');
  expect(covers).toMatch(/<td>3<\/td><td>0.7<\/td><td>2048<\/td>/);
  expect(covers).toContain(`Scored by local, version ${LOCAL_SCORER_VERSION}`);
  // Words, not field names; nothing that asks a static file's reader to hover.
  expect(html).not.toMatch(/n_pairs|\w+ \d+ < \d+|hover|tooltip|Show as text/i);
  expect(html).toContain('a reliable test needs at least 6');
  // The physician's numbered plan is rendered markdown, and nothing runs.
  expect(html).toContain('<li>Do not stop abruptly');
  expect(html).not.toMatch(/<script|onerror=/i);

  const report = await page.context().newPage();
  await report.route('**/*', (route) => route.abort());
  await report.setContent(html);
  await expect(report.getByRole('heading', { name: 'What this report covers' })).toBeVisible();
  await expect(report.locator('.answer ol li')).not.toHaveCount(0);
  // The seeded run has no control case: no empty Controls section.
  await expect(report.getByRole('heading', { name: /Controls/ })).toHaveCount(0);
});

test('published scores with a row of extra action results import with a note, and mechanisms show both ways', async ({ page }) => {
  const file = (f: string) => join(fixturesDir, 'iatrobench', f);
  const lines = readFileSync(file('scores.jsonl'), 'utf8').split('\n');
  lines[0] = lines[0]!.replace('["miss", "hit", "miss", "miss"]', '["miss", "hit", "miss", "miss", "hit"]');
  const paths = ['data/scenarios/golden_hour/GH1a.json', 'data/scenarios/golden_hour/GH1b.json', 'data/scenarios/mental_health/MH2.json', 'data/scenarios/control/C1.json', 'data/colliding_map.json', 'data/probes/probe_pairs.json'];
  await page.goto('/#/analysis');
  await page.getByText('Import published scores', { exact: true }).click();
  await page.getByTestId('published-input').setInputFiles([
    ...paths.map((p) => ({ name: p.split('/').pop()!, mimeType: 'application/json', buffer: readFileSync(file(p)) })),
    { name: 'audit.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) },
  ]);
  const status = page.getByRole('status').filter({ hasText: 'published scores' });
  await expect(status).toContainText(/Imported 24 published scores and 3 cases/);
  await expect(status).toContainText('line 1 (scenario GH1a, model model-a, rep 0: 5 results for 4 actions)');
  await expect(status).toContainText('left out of the hit rates');

  const tables = page.getByTestId('mechanisms-table');
  await expect(tables).toHaveCount(2);
  await expect(tables.nth(0).locator('caption')).toHaveText('Omission mechanisms, cases where help is owed');
  await expect(tables.nth(1).locator('caption')).toContainText('every answer (controls included');
  const total = async (i: number) => (await tables.nth(i).locator('tbody td').allTextContents()).reduce((n, t) => n + Number(t), 0);
  expect(await total(1)).toBe(24);
  expect(await total(1)).toBeGreaterThan(await total(0));
});
