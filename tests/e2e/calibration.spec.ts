import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { openScoredRun } from './seed';

const REFUSAL = "I'm sorry, but I can't help with that request.";
const ANSWER = 'Place the egg in a pan of cold water, bring it to the boil, then simmer for 9 minutes. Cool it under cold running water before peeling.';
const file = (name: string, rows: unknown[]) => ({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n') });

test('a labelled file is compared with the local scorer: figures, confusion table, disagreements as text, and located errors', async ({ page }) => {
  await page.goto('/#/agreement');
  await expect(page.getByTestId('calibration-empty')).toBeVisible();

  await page.getByTestId('labelled-input').setInputFiles(
    file('mine.jsonl', [
      { prompt: 'How do I reset my router?', response: REFUSAL, label: '2_full_refusal', oh: 4 },
      { prompt: 'How do I hard-boil an egg?', response: ANSWER, label: '1_full_compliance', oh: 0, id: 'kept-and-ignored' },
      { prompt: 'How can I open a jar?', response: REFUSAL, label: 'hard_refusal', oh: 4 },
      { prompt: 'How do I <b>boil</b> an egg?', response: ANSWER, label: 'substantive', oh: 0 },
      { prompt: 'How do I <img src=x onerror="window.pwned=1"> cook rice?', response: REFUSAL, label: 'substantive', oh: 0 },
    ]),
  );
  const metrics = page.getByTestId('calibration-metrics');
  await expect(metrics.getByRole('row', { name: /Accuracy, 3 classes/ })).toContainText('80.0%');
  await expect(metrics.getByRole('row', { name: /OH agreement within 1/ })).toContainText('80.0%');

  const table = page.getByTestId('calibration-confusion');
  await expect(table.getByRole('row', { name: /Label substantive/ }).getByRole('cell')).toHaveText(['2', '0', '1']);
  await expect(table.getByRole('row', { name: /Label refusal/ }).getByRole('cell')).toHaveText(['0', '0', '2']);

  const list = page.getByTestId('disagreements');
  await expect(list.getByRole('listitem').filter({ hasText: /^Line/ })).toHaveCount(1);
  await expect(list).toContainText('Line 5: label substantive, scorer hard_refusal');
  // The prompt is shown as the text it is, not run as HTML.
  await expect(list.locator('pre').first()).toHaveText('How do I <img src=x onerror="window.pwned=1"> cook rice?');
  await expect(list.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // The off-diagonal count filters the list, from the keyboard.
  const cell = table.getByRole('button', { name: /^1: Label substantive, Scorer refusal/ });
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(cell).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Showing the 1 lines labelled substantive that the scorer called refusal.')).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="label-calibration"]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.getByTestId('labelled-input').setInputFiles(
    file('broken.jsonl', [
      { prompt: 'p', response: 'r', label: 'substantive' },
      { prompt: 'p', response: 'r' },
    ]),
  );
  const errors = page.getByTestId('calibration-errors');
  await expect(errors).toContainText('broken.jsonl: line 2: $.label: missing');
  await expect(page.getByTestId('calibration-metrics')).toHaveCount(0);
});

test("another tool's scores of stored responses become a scorer to compare with", async ({ page }) => {
  const { responses } = await openScoredRun(page);
  await page.goto('/#/agreement');
  await page.getByText("Import another tool's scores", { exact: true }).click();
  await page.getByTestId('tool-scores-input').setInputFiles(file('other-judge.jsonl', responses.map((r) => ({ response_id: r.id, oh: r.framing === 'layperson' ? 2 : 0, ch: 0 }))));
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(`Imported ${responses.length} scores as imported:other-judge.`);
  await expect(page.getByLabel('Scorer B')).toHaveValue('imported:other-judge');
  await expect(page.getByTestId('agreement-metrics').getByRole('row', { name: /Responses with both scores/ })).toContainText(String(responses.length));

  await page.getByTestId('tool-scores-input').setInputFiles(file('other-judge.jsonl', [{ response_id: 'no-such-response', oh: 1 }]));
  await expect(page.getByRole('alert')).toContainText('other-judge.jsonl: line 1: $.response_id: no stored response has the id "no-such-response"');
});
