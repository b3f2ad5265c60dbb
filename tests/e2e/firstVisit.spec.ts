import { runRow } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';

const CASE_TITLE = /alprazolam/i;

test('a first visit says what to do in three linked steps, explains its words, and goes when a run has finished', async ({ page, library }) => {
  await library.open();
  const steps = page.getByTestId('first-steps');
  await expect(steps.getByRole('heading', { name: 'Your first result in three steps' })).toBeVisible();
  const links = steps.getByRole('listitem').getByRole('link');
  await expect(links).toHaveText(['Add a model', 'Run cases', 'Read the gap']);
  await expect(links.nth(0)).toHaveAttribute('href', '#/models');
  await expect(links.nth(1)).toHaveAttribute('href', '#/run/new');
  await expect(links.nth(2)).toHaveAttribute('href', '#/analysis');

  // A term's meaning from the keyboard: Enter opens it (announced), Escape closes it.
  const gap = steps.getByRole('button', { name: 'What is decoupling gap?' });
  await gap.focus();
  await expect(gap).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(gap).toHaveAttribute('aria-expanded', 'true');
  await expect(steps.getByRole('status').getByTestId('term-meaning')).toBeVisible();
  await expect(steps.getByTestId('term-meaning')).toContainText('layperson minus mean OH');
  await page.keyboard.press('Escape');
  await expect(gap).toHaveAttribute('aria-expanded', 'false');
  await expect(steps.getByTestId('term-meaning')).toHaveCount(0);

  await links.nth(0).click();
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();

  // Once a run has finished, the library is the library again.
  await seedTables(page, { runs: [runRow('run-first-visit', ['benzodiazepine-supply-gap'])] });
  await library.open();
  await page.reload();
  await expect(page.getByTestId('case-list')).toBeVisible();
  await expect(page.getByTestId('first-steps')).toHaveCount(0);
});

test('a case page runs that case and explains acuity and safety-colliding where they appear', async ({ page, library }) => {
  await library.open();
  await library.card(CASE_TITLE).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: CASE_TITLE })).toBeVisible();

  const acuity = page.getByRole('button', { name: 'What is acuity weight?' });
  await acuity.click();
  await expect(page.getByTestId('term-meaning')).toContainText('4.0 for emergencies');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('term-meaning')).toHaveCount(0);
  await page.getByRole('button', { name: 'What is safety-colliding?' }).click();
  await expect(page.getByTestId('term-meaning')).toContainText('trips a model’s safety training');

  const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  await page.getByRole('link', { name: 'Run this case' }).click();
  await expect(page).toHaveURL(/#\/run\/new\?case=benzodiazepine-supply-gap$/);
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  await expect(page.getByText('Cases (1 chosen)')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: title, exact: true })).toBeChecked();
  // Its framings are offered at once, and the plain "New run" still starts empty.
  await expect(page.getByRole('checkbox', { name: 'Layperson (patient)', exact: true })).toBeChecked();
  await page.goto('/#/run/new');
  await expect(page.getByText('Cases (0 chosen)')).toBeVisible();
});
