import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ScoreRecord } from '../../src/core/scoreRecord';
import { responseRecord, runRow, scoreRecord } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';
import { addJudgeSource, CASE, judgeVerdict, openScoredRun, PHYS_ANSWER, seededRun } from './seed';

// The worker-crash test swaps the analysis worker's script; the service worker would serve it from its cache.
test.use({ serviceWorkers: 'block' });

const provider = 'http://127.0.0.1:8797';
const JUDGE = `judge_structured:openai-compatible:judge-model@${provider}/v1`;

/** The seeded run, its two models both named "withholder-1" but served from two sources. */
function twoSourcesRun() {
  const { run, responses } = seededRun();
  const ids = [`openai-compatible:withholder-1@${provider}/v1`, 'anthropic:withholder-1'];
  const rename = (id: string) => id.replace(/openai-compatible:m-alpha@[^|]*/, ids[0]!).replace(/openai-compatible:m-beta@[^|]*/, ids[1]!);
  run.spec.models = run.spec.models.map((m, i) => ({ ...m, model_id: ids[i]!, model: 'withholder-1' }));
  return { run, responses: responses.map((r) => ({ ...r, id: rename(r.id), model_id: rename(r.model_id) })) };
}

async function seedAndOpen(page: Page, tables: Record<string, object[]>, hash = '#/analysis') {
  await page.goto('/#/runs');
  await seedTables(page, tables);
  await page.goto(`/${hash}`);
  await page.reload();
}

const drawn = (canvas: Locator) => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0));

test('the analysis opens on the scorer with the most scores, remembers the one chosen, and says in words why a selection has no gap', async ({ page }) => {
  const { run, responses } = twoSourcesRun();
  const local = responses.map((r) => scoreRecord(r.id, 'local', r.framing === 'layperson' ? 3 : 0));
  // Three blind ratings, all of layperson answers: no pair to take a gap from.
  const alice = responses.filter((r) => r.framing === 'layperson').slice(0, 3).map((r) => scoreRecord(r.id, 'human:alice', 2));
  const empty = runRow('run-empty', [CASE]);
  await seedAndOpen(page, { runs: [run, empty], responses, scores: [...local, ...alice] });

  await expect(page.getByLabel('Scorer')).toHaveValue('local');
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
  // Two sources serving the same model name are told apart.
  const models = page.getByTestId('models-table');
  await expect(models).toContainText(`withholder-1 (127.0.0.1:8797)`);
  await expect(models).toContainText('withholder-1 (Anthropic)');

  await page.getByLabel('Scorer').selectOption('human:alice');
  const note = page.getByTestId('analysis-note');
  await expect(note).toContainText('No decoupling gap for human:alice: it scored 3 responses (Layperson (patient) on 1 case)');
  await expect(note).toContainText('Layperson (patient) and Physician answers were both scored for the same model');
  await expect(page.getByTestId('headline')).toHaveCount(0);
  for (const chart of ['gap-per-model', 'failure-mode-map', 'oh-heatmap', 'hit-rates']) await expect(page.getByTestId(`chart-${chart}`)).toHaveCount(0);

  // The choice holds across the app.
  await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
  await page.goto('/#/analysis');
  await expect(page.getByLabel('Scorer')).toHaveValue('human:alice');

  // A run with no verdicts says so, and the selection can be changed back.
  await page.getByLabel('Responses from').selectOption(empty.id);
  await expect(note).toContainText('No response in this selection has been scored yet');
  await expect(page.getByTestId('models-table')).toHaveCount(0);
  await page.getByLabel('Responses from').selectOption('');
  await expect(page.getByLabel('Scorer')).toHaveValue('human:alice');
});

test('judge answers that could not be parsed are listed with their words and the error, draw no chart, and are asked again', async ({ page }) => {
  await page.request.post(`${provider}/__reset`);
  const { run, responses } = seededRun();
  const failed: ScoreRecord[] = responses.map((r) => ({
    ...scoreRecord(r.id, JUDGE, 0),
    scorer_kind: 'judge_structured',
    scorer_version: 'structured-v1 judge-model',
    response_class: null,
    oh: null,
    ch: null,
    critical_actions: [],
    mechanism: null,
    parse_error: 'No JSON object found in the answer.',
    detail: { raw_output: `I would rate this answer ${r.rep} out of ten.` },
  }));
  await addJudgeSource(page, provider);
  await seedAndOpen(page, { runs: [run], responses, scores: failed });

  await expect(page.getByLabel('Scorer')).toHaveValue(JUDGE);
  const list = page.getByTestId('judge-failures');
  await expect(list.getByRole('heading')).toHaveText('12 judge answers could not be parsed');
  await expect(page.getByTestId('analysis-note')).toContainText('None of the 12 verdicts');
  await expect(page.locator('figure.chart')).toHaveCount(0);
  const first = list.getByRole('listitem').first();
  await expect(first).toContainText('No JSON object found in the answer.');
  await first.locator('summary').click();
  await expect(first.getByLabel("The judge's answer")).toContainText(/I would rate this answer \d out of ten\./);

  await page.request.post(`${provider}/__control`, {
    data: {
      models: ['test-model', 'judge-model'],
      answers: [
        { match: "I can't give medication advice", text: judgeVerdict(3, 'miss', 'hard_refusal') },
        { match: 'switch to diazepam', text: judgeVerdict(0, 'hit', 'substantive') },
      ],
    },
  });
  await list.getByRole('button', { name: 'Retry the failed ones' }).click();
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
  await expect(page.getByTestId('judge-failures')).toHaveCount(0);
  await expect(page.getByLabel('Scorer')).toHaveValue(JUDGE);
  expect(await drawn(page.getByTestId('chart-gap-per-model').locator('canvas'))).toBe(true);
  expect((await (await page.request.get(`${provider}/__stats`)).json()).requests['/v1/chat/completions']).toBe(12);
  await page.request.post(`${provider}/__reset`);
});

test('the heatmap names its cases and models and pages through 48 cases in a frame of fixed size', async ({ page }) => {
  const seed = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8'));
  const ids = Array.from({ length: 48 }, (_, i) => `heat-${String(i + 1).padStart(2, '0')}`);
  await page.goto('/#/library');
  await page.getByLabel('Choose files').setInputFiles(
    ids.map((id) => ({ name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...seed, id, title: `Heat case ${id.slice(5)}` })) })),
  );
  await expect(page.getByTestId('import-report')).toContainText('Imported 48 cases');
  const run = runRow('run-heat', ids);
  const responses = ids.flatMap((c, i) =>
    (['layperson', 'physician'] as const).map((framing) => ({ ...responseRecord(run.id, 0, 'answer', c), framing, id: `${run.id}|${c}|${framing}|m1|0`, oh: framing === 'layperson' ? i % 5 : 0 })),
  );
  const scores = responses.map(({ oh, ...r }) => scoreRecord(r.id, 'local', Math.min(4, oh)));
  await seedAndOpen(page, { runs: [run], responses: responses.map(({ oh: _oh, ...r }) => r), scores });

  const heat = page.getByTestId('chart-oh-heatmap');
  await expect(heat.getByRole('status')).toHaveText('Cases 1–15 of 48');
  const box = await heat.boundingBox();
  expect(box!.height).toBeLessThan(700);
  expect(await drawn(heat.locator('canvas'))).toBe(true);
  await heat.getByRole('button', { name: 'Next cases' }).click();
  await expect(heat.getByRole('status')).toHaveText('Cases 16–30 of 48');
  expect((await heat.boundingBox())!.height).toBeCloseTo(box!.height, 0);
  await heat.getByRole('button', { name: 'Next cases' }).click();
  await heat.getByRole('button', { name: 'Next cases' }).click();
  await expect(heat.getByRole('status')).toHaveText('Cases 46–48 of 48');
  await expect(heat.getByRole('button', { name: 'Next cases' })).toBeDisabled();
  // Every case, with both figures, stays readable as text.
  await heat.getByText('Show as text', { exact: true }).click();
  await expect(heat.getByRole('listitem')).toHaveCount(48);
  await expect(heat.getByRole('listitem').first()).toContainText('Heat case 01 · m1: lay OH 0.00, physician OH 0.00');
});

test("a crashed analysis worker is reported instead of leaving the view busy, and Try again recovers", async ({ page }) => {
  const { run, responses } = seededRun();
  const scores = responses.map((r) => scoreRecord(r.id, 'local', r.framing === 'layperson' ? 3 : 0));
  await page.route('**/analysisWorker-*.js', (route) => route.fulfill({ contentType: 'text/javascript', body: "throw new Error('out of memory');" }));
  await seedAndOpen(page, { runs: [run], responses, scores });
  await expect(page.getByRole('alert')).toContainText('The analysis could not be computed');
  await expect(page.getByText('Computing…')).toHaveCount(0);

  await page.unroute('**/analysisWorker-*.js');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
});

test('highlighting the evidence keeps the answer rendered as markdown', async ({ page }) => {
  await openScoredRun(page);
  await page.goto(`/#/compare/${CASE}/${encodeURIComponent(seededRun().run.spec.models[0]!.model_id)}`);
  const phys = page.getByTestId('side-by-side').getByRole('article', { name: 'Physician' });
  await expect(phys.locator('.answer ol > li')).toHaveCount(5);
  await page.getByLabel('Highlight the evidence').check();
  await expect(phys.locator('.answer mark').first()).toBeVisible();
  // Still a numbered list, not the raw "1." lines.
  await expect(phys.locator('.answer ol > li')).toHaveCount(5);
  await expect(phys.locator('.answer')).not.toContainText('1. Do not stop');
  expect(PHYS_ANSWER).toContain('1. Do not stop');
});
