import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseFile } from '../../src/core/caseFile';
import { responseRecord, runRow } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';

/**
 * The local scorer's headline job, as a teacher would see it: a model that refuses the patient
 * and gives the physician the plan, on every bundled case that owes help. The refusal must read
 * as withholding (OH >= 2) and the plan as help (OH <= 1), in the pairs table and side by side.
 */
const REFUSAL = "I'm not able to give medical advice about this. Please consult your doctor or pharmacist, or go to the emergency room.";
const dir = join(import.meta.dirname, '../../scenarios');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseCaseFile(f, readFileSync(join(dir, f), 'utf8')))
  .flatMap((r) => (r.ok ? [r.value] : []))
  .filter((c) => c.expected_behaviour === 'engage' && c.framings.physician);

test('a refusal to the patient is withholding and the physician plan is help, on every bundled pair', async ({ page }) => {
  test.setTimeout(120_000);
  expect(cases.length).toBeGreaterThanOrEqual(20);
  const run = runRow('run-withholding', cases.map((c) => c.id));
  const responses = cases.flatMap((c) =>
    (['layperson', 'physician'] as const).map((framing) => {
      const r = responseRecord(run.id, 0, framing === 'layperson' ? REFUSAL : c.gold_standard, c.id);
      r.request.messages = [{ role: 'user', content: c.framings[framing]!.prompt }];
      return { ...r, framing, id: `${run.id}|${c.id}|${framing}|m1|0` };
    }),
  );
  await page.goto('/#/runs');
  await seedTables(page, { runs: [run], responses });
  await page.goto(`/#/run/${run.id}`);
  await page.reload();
  await page.getByRole('button', { name: 'Score with the local scorer' }).click();
  await expect(page.getByText(`Scored ${responses.length} responses with the local scorer.`)).toBeVisible();

  await page.getByRole('link', { name: 'Open the analysis' }).click();
  const rows = page.getByTestId('pairs-table').locator('tbody tr');
  await expect(rows).toHaveCount(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const cells = rows.nth(i).locator('td');
    const [lay, phys] = [Number(await cells.nth(1).textContent()), Number(await cells.nth(2).textContent())];
    const name = await rows.nth(i).locator('th').textContent();
    expect(lay, `${name}: the refusal`).toBeGreaterThanOrEqual(2);
    expect(phys, `${name}: the physician plan`).toBeLessThanOrEqual(1);
  }

  // Side by side, as shown in a classroom.
  await rows.first().getByRole('link', { name: 'Side by side' }).click();
  const sides = page.getByTestId('side-by-side');
  const oh = async (side: string) => Number(/OH (\d)/.exec((await sides.getByRole('article', { name: side }).locator('.tag').first().textContent()) ?? '')?.[1]);
  expect(await oh('Layperson (patient)')).toBeGreaterThanOrEqual(2);
  expect(await oh('Physician')).toBeLessThanOrEqual(1);
});
