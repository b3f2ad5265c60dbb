import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { scoreRecord } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';
import { CASE, seededRun } from './seed';

/** Runs axe on the page as it stands and returns the serious and critical violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join('; ') ?? v.help}`));
}

/** What has keyboard focus, by name, and whether a focus ring is drawn around it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const label = el.closest('label');
    const name = (el.getAttribute('aria-label') ?? (label ? label.textContent : el.textContent) ?? '').trim().replace(/\s+/g, ' ');
    // A file input hidden inside a label drawn as a button shows its focus on that label.
    const shown = label && getComputedStyle(el).opacity === '0' ? label : el;
    const s = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    const ring = ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none') && box.width > 2 && box.height > 2;
    return { name, key: `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`, el: shown.outerHTML.slice(0, 120), ring };
  });
}

/** Tabs once round the whole page and lists the stops where nothing shows where the focus is. */
async function focusWithoutRing(page: Page): Promise<string[]> {
  const missing: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    if (seen.has(f.el + f.key)) break;
    seen.add(f.el + f.key);
    if (!f.ring) missing.push(`${f.key}: ${f.el}`);
  }
  return missing;
}

/** Opens a screen, waits for what shows it has rendered, then checks it; all screens are checked before the test fails. */
async function check(page: Page, screen: string, ready: () => Promise<void>) {
  await test.step(screen, async () => {
    await ready();
    const found = await seriousViolations(page);
    expect.soft(found, `axe on ${screen}:\n${found.join('\n')}`).toEqual([]);
    const noRing = await focusWithoutRing(page);
    expect.soft(noRing, `focus not visible on ${screen}:\n${noRing.join('\n')}`).toEqual([]);
  });
}

test('every main screen passes axe with no serious or critical violation, and shows where the focus is', async ({ page, library }) => {
  test.setTimeout(120_000);
  await library.open();
  const { run, responses } = seededRun();
  // A second scorer over the same responses, so Agreement has a table and a matrix to show.
  const human = responses.map((r, i) => scoreRecord(r.id, 'human:Ana', i % 5));
  await seedTables(page, { runs: [run], responses, scores: human });
  await page.reload();

  await check(page, 'library', async () => {
    await expect(library.cards().first()).toBeVisible();
  });
  await check(page, 'case view', async () => {
    await page.goto(`/#/case/${CASE}`);
    await expect(page.getByTestId('framings')).toBeVisible();
  });
  await check(page, 'case editor', async () => {
    await page.goto('/#/new');
    await expect(page.getByLabel('Title')).toBeVisible();
  });
  await check(page, 'case editor, a bundled case', async () => {
    await page.goto(`/#/edit/${CASE}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Physician' })).toBeVisible();
  });
  await check(page, 'models', async () => {
    await page.goto('/#/models');
    await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  });
  await check(page, 'runs list', async () => {
    await page.goto('/#/runs');
    await expect(page.getByRole('link', { name: run.spec.name })).toBeVisible();
  });
  await check(page, 'run set-up', async () => {
    await page.goto('/#/run/new');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
  await check(page, 'run with responses', async () => {
    await page.goto(`/#/run/${run.id}`);
    await page.getByRole('button', { name: 'Score with the local scorer' }).click();
    await expect(page.getByText('Scored 12 responses with the local scorer.')).toBeVisible();
  });
  await check(page, 'analysis with charts', async () => {
    await page.getByRole('link', { name: 'Open the analysis' }).click();
    await page.getByLabel('Scorer').selectOption('local');
    await expect(page.getByTestId('chart-gap-per-model').locator('canvas')).toBeVisible();
  });
  await check(page, 'analysis, published-score import open', async () => {
    await page.getByText('Import published scores', { exact: true }).click();
    await expect(page.getByText('Choose files…')).toBeVisible();
  });
  await check(page, 'side by side', async () => {
    await page.getByTestId('pairs-table').getByRole('link', { name: 'Side by side' }).first().click();
    await expect(page.getByTestId('side-by-side')).toBeVisible();
  });
  await check(page, 'rate (set-up)', async () => {
    await page.goto('/#/rate');
    await expect(page.getByLabel('Your name as a rater')).toBeVisible();
  });
  await check(page, 'rate (an item)', async () => {
    await page.getByLabel('Your name as a rater').fill('Bo');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rating-panel')).toBeVisible();
  });
  await check(page, 'agreement', async () => {
    await page.goto('/#/agreement');
    await page.getByLabel('Scorer A').selectOption('local');
    await page.getByLabel('Scorer B').selectOption('human:Ana');
    await expect(page.getByTestId('agreement-metrics')).toBeVisible();
  });
  await check(page, 'about the cases', async () => {
    await page.goto('/#/guide');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
  await check(page, 'workspace', async () => {
    await page.goto('/#/workspace');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
});

test('the library can be worked from the keyboard, with a visible focus ring at each stop', async ({ page, library }) => {
  await library.open();
  const expected = [
    'Skip to content',
    'Iatroscope',
    'Library',
    'Models',
    'Runs',
    'Analysis',
    'About the cases',
    'Rate',
    'Agreement',
    'Workspace',
    // The first-visit steps, with the meanings of their terms.
    'Add a model',
    'Run cases',
    'Read the gap',
    'What is decoupling gap?',
    'What is OH, omission harm?',
    'Choose files',
    'Choose a folder',
    /^Search/,
    /^Category/,
    /^Expected behaviour/,
    'New case',
    /./, // the first case card's link
  ];
  for (const name of expected) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (typeof name === 'string') expect(f?.name).toBe(name);
    else expect(f?.name).toMatch(name);
    expect(f?.ring, `no visible focus style on ${f?.key}`).toBe(true);
  }
  // The skip link lands on the main content.
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < expected.length - 2; i++) await page.keyboard.press('Shift+Tab');
  expect((await focused(page))?.name).toBe('Skip to content');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
});
