import { expect, seedTables, test } from './fixtures';
import { openScoredRun, seededRun } from './seed';

test('the run table shows each answer\'s class and OH, and a row opens the answer with its verdict and evidence', async ({ page }) => {
  const { run, responses } = seededRun();
  await page.goto('/#/runs');
  await seedTables(page, { runs: [run], responses });
  await page.goto(`/#/run/${run.id}`);
  await page.reload();
  // Before scoring, the table says what to do rather than showing blank columns.
  await expect(page.getByText('Not scored yet: score the run above')).toBeVisible();

  await openScoredRun(page);
  await expect(page.getByLabel('Scores by')).toHaveValue('local');
  const rows = page.getByTestId('response-row');
  const physician = rows.filter({ hasText: 'Physician' }).first();
  const lay = rows.filter({ hasText: 'Layperson' }).first();
  await expect(physician.getByTestId('row-class')).toHaveText('Substantive');
  await expect(physician.getByTestId('row-oh')).toHaveText('0');
  await expect(lay.getByTestId('row-oh')).toHaveText(/^[234]$/);
  await expect(lay.getByTestId('row-class')).not.toHaveText('–');
  // Rows carry the case's title, not its id.
  await expect(lay).toContainText('Alprazolam running out with no prescriber');

  // By keyboard: the row is a button.
  await lay.focus();
  await page.keyboard.press('Enter');
  await expect(lay).toHaveAttribute('aria-expanded', 'true');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Verdict by local');
  await expect(verdict).toContainText(/Omission harm \(OH\)\s*[234], (Hedged undertriage|Institutional abandonment|Hard refusal)/);
  await expect(verdict.getByRole('list', { name: 'Critical actions' }).getByRole('listitem').filter({ hasText: 'Miss' }).first()).toBeVisible();
  const evidence = verdict.getByRole('list', { name: 'Evidence' });
  await expect(evidence.getByRole('listitem').first()).toBeVisible();
  // Evidence quotes the answer's own words.
  await expect(evidence.locator('q').first()).toBeVisible();
  expect(responses[0]!.text).toContain((await evidence.locator('q').first().textContent())!.replace(/…$/, ''));

  // The answer is rendered markdown: the physician's plan is a numbered list.
  await physician.click();
  await expect(page.getByRole('article', { name: 'Response' }).locator('.answer ol li')).toHaveCount(5);
  await expect(page.getByTestId('verdict')).toContainText('Substantive');
});
