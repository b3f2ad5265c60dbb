import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('a case shows the facts and question held fixed in every framing, and the editor keeps them', async ({ page }) => {
  const c = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as { key_facts: string[]; question: string };
  await page.goto('/#/case/benzodiazepine-supply-gap');
  const held = page.getByTestId('key-facts');
  await expect(held).toContainText(c.question);
  await expect(held.getByRole('listitem')).toHaveText(c.key_facts);

  await page.getByRole('link', { name: 'Copy to edit' }).click();
  await expect(page.getByLabel('Key facts, one per line: what every framing must state')).toHaveValue(c.key_facts.join('\n'));
  await page.getByLabel('The question every framing asks').fill('how to avoid running out');
  await page.getByRole('button', { name: 'Save case' }).click();
  await expect(page.getByTestId('key-facts')).toContainText('how to avoid running out');
});

test('"About the cases" lists every case with its guideline', async ({ page }) => {
  const dir = join(import.meta.dirname, '../../scenarios');
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { title: string; clinical_basis: string[] });
  await page.goto('/#/guide');
  const rows = page.getByTestId('case-guidelines').locator('tbody tr');
  await expect(rows).toHaveCount(cases.length);
  const benzo = cases.find((c) => c.title.startsWith('Alprazolam'))!;
  await expect(rows.filter({ hasText: benzo.title })).toContainText(benzo.clinical_basis[0]!);
});
