import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Case } from '../../src/core/caseSchema';
import type { ResponseRecord } from '../../src/core/run/types';
import type { ScoreRecord } from '../../src/core/scoreRecord';
import { responseRecord, runRow, scoreRecord } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';

const RUN = 'run-rating-e2e';
const CASE_ID = 'benzodiazepine-supply-gap';
const benzo = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as Case;

/** Six answers to the bundled benzodiazepine case: three framings, two models nobody may see. */
function seedRows() {
  const cells = [
    ['layperson', 'openai-compatible:secret-model-a', 0],
    ['physician', 'openai-compatible:secret-model-a', 0],
    ['informed_layperson', 'openai-compatible:secret-model-a', 0],
    ['layperson', 'openai-compatible:secret-model-b', 0],
    ['physician', 'openai-compatible:secret-model-b', 0],
    ['informed_layperson', 'openai-compatible:secret-model-b', 0],
  ] as const;
  const localOh = [0, 1, 2, 3, 1, 0];
  const responses: ResponseRecord[] = cells.map(([framing, model_id, rep], i) => {
    const base = responseRecord(RUN, rep, `Answer number ${i + 1}: speak to a pharmacist about an emergency supply.`, CASE_ID);
    return {
      ...base,
      id: `${RUN}|${CASE_ID}|${framing}|${model_id}|${rep}`,
      framing,
      model_id,
      request: { ...base.request, model: model_id.split(':')[1]!, messages: [{ role: 'user', content: benzo.framings[framing]!.prompt }] },
    };
  });
  const scores: ScoreRecord[] = responses.map((r, i) => scoreRecord(r.id, 'local', localOh[i]));
  return { responses, scores, runs: [runRow(RUN, [CASE_ID])] };
}

async function seed(page: Page) {
  await page.goto('/#/library');
  await expect(page.getByRole('heading', { name: 'Case library' })).toBeVisible();
  await seedTables(page, seedRows());
}

async function humanScores(page: Page): Promise<ScoreRecord[]> {
  return page.evaluate(
    () =>
      new Promise<ScoreRecord[]>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onsuccess = () => {
          const req = open.result.transaction('scores').objectStore('scores').index('scorer').getAll('human:Ana');
          req.onsuccess = () => resolve(req.result as ScoreRecord[]);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** Rates the response on screen from the keyboard: class, the five actions, mechanism if any miss, CH, OH, Enter. */
async function rate(page: Page, keys: { cls: string; grades: string; mechanism?: string; ch: string; oh: string }) {
  const seq = [keys.cls, ...keys.grades.split(''), ...(keys.mechanism ? [keys.mechanism] : []), keys.ch, keys.oh];
  for (const k of seq) await page.keyboard.press(k);
  await page.keyboard.press('Enter');
}

test('a rater rates blind from the keyboard, undoes, resumes after reload, and sees agreement with the local scorer', async ({ page }) => {
  await seed(page);
  await page.getByRole('link', { name: 'Rate', exact: true }).click();
  await page.getByLabel('Your name as a rater').fill('Ana');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rater')).toHaveText('Ana');

  const progress = page.getByTestId('rating-progress');
  const panel = page.getByTestId('rating-panel');
  await expect(progress).toHaveText('0 / 6 rated');
  await expect(panel).toBeVisible();

  // Blind: neither the model nor the framing label is on screen; the asker's words are.
  await expect(panel).not.toContainText(/secret-model|layperson|physician|informed/i);
  await expect(page.getByTestId('rating-prompt')).toContainText('alprazolam 1 mg three times a day');
  await expect(page.getByRole('heading', { name: /Item 1 of 6/ })).toBeVisible();

  // The gold standard on demand, and the rubric anchors on screen.
  await page.keyboard.press('g');
  await expect(page.getByTestId('gold-standard')).toContainText('Do not stop alprazolam suddenly');
  await page.keyboard.press('g');
  await expect(page.getByTestId('gold-standard')).toHaveCount(0);
  await expect(page.getByTestId('row-oh')).toContainText('Institutional abandonment');
  await expect(page.getByRole('heading', { name: 'Keys' })).toBeVisible();

  // Enter with nothing rated saves nothing and says what is missing.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rating-status')).toContainText('still to rate response class');
  await expect(progress).toHaveText('0 / 6 rated');

  const answers: string[] = [];
  answers.push(await page.getByTestId('rating-answer').innerText());
  await rate(page, { cls: '1', grades: 'hhhhh', ch: '0', oh: '0' });
  await expect(progress).toHaveText('1 / 6 rated');
  answers.push(await page.getByTestId('rating-answer').innerText());
  await rate(page, { cls: '2', grades: 'hhpmm', mechanism: '2', ch: '1', oh: '2' });
  await expect(progress).toHaveText('2 / 6 rated');
  answers.push(await page.getByTestId('rating-answer').innerText());
  // The mechanism row appears once an action is a miss.
  await page.keyboard.press('3');
  for (const k of 'mmmmm') await page.keyboard.press(k);
  await expect(page.getByTestId('row-mechanism')).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('0');
  await page.keyboard.press('3');
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText('3 / 6 rated');
  expect(new Set(answers).size).toBe(3);

  // Undo brings the third response back, prefilled; re-rate it differently.
  await page.keyboard.press('u');
  await expect(progress).toHaveText('2 / 6 rated');
  await expect(page.getByTestId('rating-answer')).toHaveText(answers[2]!);
  await expect(page.getByTestId('row-class').getByRole('button', { name: /Generic referral/ })).toHaveAttribute('aria-pressed', 'true');
  await rate(page, { cls: '4', grades: 'mmmmm', mechanism: '1', ch: '0', oh: '4' });
  await expect(progress).toHaveText('3 / 6 rated');
  const next = await page.getByTestId('rating-answer').innerText();
  expect(answers).not.toContain(next);

  const stored = await humanScores(page);
  expect(stored).toHaveLength(3);
  expect(stored.map((s) => s.response_class).sort()).toEqual(['hard_refusal', 'partial_engagement', 'substantive']);
  expect(stored.every((s) => s.scorer_kind === 'human' && s.critical_actions.length === 5)).toBe(true);
  expect(stored.find((s) => s.response_class === 'hard_refusal')).toMatchObject({ oh: 4, ch: 0, mechanism: 'safety_refusal' });

  // A reload resumes at the same place.
  await page.reload();
  await expect(page.getByTestId('rater')).toHaveText('Ana');
  await expect(progress).toHaveText('3 / 6 rated');
  await expect(page.getByTestId('rating-answer')).toHaveText(next);

  // Agreement: local against human:Ana over the three responses both scored.
  await page.getByRole('link', { name: 'Agreement', exact: true }).click();
  await page.getByLabel('Scorer A').selectOption('local');
  await page.getByLabel('Scorer B').selectOption('human:Ana');
  const metrics = page.getByTestId('agreement-metrics');
  await expect(metrics.getByRole('row', { name: /Responses with both scores/ })).toContainText('3');
  await expect(metrics.getByRole('row', { name: /^Cohen's kappa/ }).getByRole('cell').first()).toHaveText(/^-?\d\.\d{3}$|^undefined/);
  await expect(metrics.getByRole('row', { name: /Quadratic weighted kappa/ })).toBeVisible();
  const matrix = page.getByRole('table', { name: /OH confusion matrix/ });
  await expect(matrix.getByRole('columnheader')).toHaveCount(6);
  await expect(matrix.getByRole('rowheader')).toHaveCount(5);
  await expect(page.getByTestId('agreement-blindness')).toContainText(/Of the \d responses B \(human:Ana\) scored OH ≥ 1, A \(local\) scored \d \(\d+\.\d%\) OH = 0/);
});
