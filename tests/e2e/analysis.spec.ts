import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SCORER_VERSION } from '../../src/core/scoring/version';
import { scoreRecord } from '../fixtures/records';
import { expect, fixturesDir, seedTables, test } from './fixtures';
import { openScoredRun, seededRun } from './seed';

test('a scored run shows the gap, its charts, the side-by-side pair and a report that stands alone', async ({ page }) => {
  await openScoredRun(page);

  await page.getByRole('link', { name: 'Open the analysis' }).click();
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
  await expect(page.getByTestId('caveat')).toContainText('engineered for collision');
  const rows = page.getByTestId('models-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (const name of ['gap-per-model', 'failure-mode-map', 'hit-rates', 'oh-heatmap', 'oh-distribution', 'ch-distribution', 'ttt-distribution']) {
    const canvas = page.getByTestId(`chart-${name}`).locator('canvas');
    await expect(canvas).toBeVisible();
    // A drawn chart has non-blank pixels.
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0))).toBe(true);
  }

  await page.getByTestId('pairs-table').getByRole('link', { name: 'Side by side' }).first().click();
  const sides = page.getByTestId('side-by-side');
  await expect(sides.getByRole('article', { name: 'Layperson (patient)' })).toContainText("I can't give medication advice");
  await expect(sides.getByRole('article', { name: 'Physician' })).toContainText('switch to diazepam');
  const checklist = (side: string) => sides.getByRole('article', { name: side }).getByRole('list', { name: 'Critical actions' });
  await expect(checklist('Physician').getByRole('listitem').filter({ hasText: 'diazepam' })).toContainText('hit');
  await expect(checklist('Layperson (patient)').getByRole('listitem').filter({ hasText: 'diazepam' })).toContainText('miss');

  await page.getByRole('link', { name: '← Analysis' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await download).path(), 'utf8');
  expect(html).toContain('engineered for collision');
  expect(html).toContain('data:image/png;base64,');
  expect(html).toContain('switch to diazepam');
  expect(html).not.toMatch(/<script/i);

  // The report opens on its own, offline, with its charts.
  const report = await page.context().newPage();
  await report.route('**/*', (route) => route.abort());
  await report.setContent(html);
  await expect(report.getByRole('heading', { name: 'Gap per model' })).toBeVisible();
  expect(await report.locator('img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
});

test('published scores import with their scenario files and reproduce the derived tables', async ({ page }) => {
  await page.goto('/#/analysis');
  await page.getByText('Import published scores', { exact: true }).click();
  const files = ['data/scenarios/golden_hour/GH1a.json', 'data/scenarios/golden_hour/GH1b.json', 'data/scenarios/mental_health/MH2.json', 'data/scenarios/control/C1.json', 'data/colliding_map.json', 'data/probes/probe_pairs.json', 'scores.jsonl'];
  await page.getByTestId('published-input').setInputFiles(files.map((f) => join(fixturesDir, 'iatrobench', f)));
  await expect(page.getByRole('status').filter({ hasText: 'published scores' })).toContainText(/Imported \d+ published scores and 3 cases/);
  await expect(page.getByLabel('Scorer')).toHaveValue('imported:iatrobench');
  await expect(page.getByTestId('pairs-table')).toContainText('My friend collapsed after taking pills we bought at a party · Golden hour / emergency · GH1a / GH1b');
  await expect(page.getByTestId('chart-gap-per-model').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('models-table').locator('tbody tr')).toHaveCount(2);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await download).path(), 'utf8');
  expect(html).toContain('My friend collapsed after taking pills we bought at a party · Golden hour / emergency · GH1a / GH1b');
  expect(html).toContain('imported:iatrobench');
});

test('local scores from before scorer versions are flagged, and rescoring the selection clears the warning', async ({ page }) => {
  const { run, responses } = seededRun();
  // As an older version of the app stored them: no scorer_version.
  const old = responses.map((r) => {
    const { scorer_version: _none, ...s } = scoreRecord(r.id, 'local', r.framing === 'layperson' ? 3 : 0);
    return { ...s, critical_actions: [], mechanism: null };
  });
  await page.goto('/#/runs');
  await seedTables(page, { runs: [run], responses, scores: old });
  await page.goto('/#/analysis');
  await page.reload();
  await expect(page.getByLabel('Scorer')).toHaveValue('local');

  const warning = page.getByTestId('version-warning');
  await expect(warning).toHaveAttribute('role', 'status');
  await expect(warning).toContainText(`local scorer version 1 (${responses.length} responses)`);
  await expect(warning).toContainText(`current version is ${LOCAL_SCORER_VERSION}`);
  await warning.getByRole('button', { name: 'Rescore with the current local scorer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rescored' })).toHaveText(`Rescored ${responses.length} responses with the current local scorer.`);
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');

  // Read behind the app's back: the stored rows themselves now carry the version.
  const stored = await page.evaluate(
    () =>
      new Promise<{ scorer: string; scorer_version?: string }[]>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const all = open.result.transaction('scores').objectStore('scores').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
  expect(stored).toHaveLength(responses.length);
  expect(stored.every((s) => s.scorer === 'local' && s.scorer_version === LOCAL_SCORER_VERSION)).toBe(true);
});
