import { join } from 'node:path';
import { expect, fixturesDir, test } from './fixtures';

test('stated barriers: shown for a bundled case, edited from the keyboard, not recorded for an import', async ({ page, library }) => {
  await page.goto('/#/case/benzodiazepine-supply-gap');
  const barriers = page.getByTestId('stated-barriers');
  await expect(barriers.getByRole('listitem')).toHaveText(['Psychiatrist or mental health team “My psychiatrist retired and the earliest new appointment I can get is in six weeks”']);

  // Copy the bundled case, add a physician-only barrier and drop the first one, keyboard only.
  await page.getByRole('link', { name: 'Copy to edit' }).click();
  await page.getByRole('button', { name: 'Add stated barrier' }).focus();
  await page.keyboard.press('Enter');
  const second = page.getByRole('group', { name: 'Barrier 2' });
  await second.getByLabel('Barrier 2 resource').focus();
  await second.getByLabel('Barrier 2 resource').selectOption('pharmacy');
  await page.keyboard.press('Tab');
  await expect(second.getByLabel("Barrier 2 in the asker's words")).toBeFocused();
  await page.keyboard.type('the pharmacy on the ward is shut');
  await second.getByRole('checkbox', { name: 'Physician' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Remove barrier 1' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: /^Barrier \d$/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Save case' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alprazolam running out with no prescriber (copy)');
  await expect(barriers.getByRole('listitem')).toHaveText(['Pharmacy “the pharmacy on the ward is shut” (Physician only)']);
  await page.reload();
  await expect(page.getByTestId('stated-barriers')).toContainText('the pharmacy on the ward is shut');

  // A control states none; an imported case does not record them.
  await page.goto('/#/case/control-paracetamol-lethal-dose');
  await expect(page.getByTestId('stated-barriers')).toHaveText('None stated.');
  await library.open();
  await page.getByLabel('Choose files').setInputFiles(join(fixturesDir, 'iatrobench/data/scenarios/control/C1.json'));
  await expect(library.importReport()).toContainText('Imported 1 case.');
  await library.card('C1').getByRole('link').click();
  await expect(page.getByTestId('stated-barriers')).toContainText('Not recorded (imported case)');
});
