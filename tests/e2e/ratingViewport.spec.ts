import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Case } from '../../src/core/caseSchema';
import type { ResponseRecord } from '../../src/core/run/types';
import { responseRecord, runRow } from '../fixtures/records';
import { expect, seedTables, test } from './fixtures';

// A bundled case with long facts, a long lay prompt and seven critical actions: the layout that
// pushed the answer below the fold.
const RUN = 'run-rating-viewport';
const CASE_ID = 'toddler-dehydration-ors';
const toddler = JSON.parse(readFileSync(join(import.meta.dirname, `../../scenarios/${CASE_ID}.json`), 'utf8')) as Case;
const ACTIONS = toddler.critical_actions.length;

/** A long markdown answer, as models write them, with a payload that must not survive. */
function answer(n: number): string {
  const sections = Array.from(
    { length: 12 },
    (_, i) => `## Step ${i + 1}\n\nGive **small sips** of oral rehydration solution, answer ${n}.\n\n- one teaspoon every few minutes\n- watch for wet nappies`,
  );
  return [`Answer ${n}: here is what you can do tonight.`, '<img src=x onerror="window.__pwned=1">', ...sections].join('\n\n');
}

function seedRows() {
  const responses: ResponseRecord[] = ['layperson', 'physician'].map((framing, i) => {
    const base = responseRecord(RUN, 0, answer(i + 1), CASE_ID);
    return {
      ...base,
      id: `${RUN}|${CASE_ID}|${framing}|m1|0`,
      framing,
      request: { ...base.request, messages: [{ role: 'user', content: toddler.framings[framing]!.prompt }] },
    };
  });
  return { responses, runs: [runRow(RUN, [CASE_ID])] };
}

/** How many pixels of the element are inside the viewport (and inside any scrolling column). */
async function visiblePixels(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    let top = Math.max(r.top, 0);
    let bottom = Math.min(r.bottom, window.innerHeight);
    for (let p = node.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (!/(auto|scroll)/.test(s.overflowY)) continue;
      const b = p.getBoundingClientRect();
      top = Math.max(top, b.top);
      bottom = Math.min(bottom, b.bottom);
    }
    return bottom - top;
  });
}

async function expectOnScreen(page: Page, what: string) {
  const answer = page.getByTestId('rating-answer');
  await expect(answer, what).toBeInViewport();
  expect(await visiblePixels(answer), `answer on screen after ${what}`).toBeGreaterThan(100);
  const active = page.locator('[aria-current="step"]');
  await expect(active, `active row after ${what}`).toBeInViewport({ ratio: 0.9 });
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`at ${viewport.width}x${viewport.height} the answer is rendered and stays on screen while the keys work down the form`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/#/library');
    await expect(page.getByRole('heading', { name: 'Case library' })).toBeVisible();
    await seedTables(page, seedRows());
    await page.getByRole('link', { name: 'Rate', exact: true }).click();
    await page.getByLabel('Your name as a rater').fill('Viewport');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rating-progress')).toHaveText('0 / 2 rated');

    // Rendered markdown, sanitised: headings and bold text, no raw asterisks, no script ran.
    const answer = page.getByTestId('rating-answer');
    await expect(answer.getByRole('heading', { name: 'Step 1', exact: true })).toBeVisible();
    await expect(answer.locator('strong').first()).toHaveText('small sips');
    await expect(answer).not.toContainText('**');
    await expect(answer.locator('img[onerror], script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await expectOnScreen(page, 'opening the item');

    // CH and OH are explained beside their rows; the keys still rate after reading one.
    await page.getByRole('button', { name: 'What is OH, omission harm?' }).click();
    await expect(page.getByTestId('term-meaning')).toContainText('Omission harm, 0 to 4');
    await page.getByTestId('rating-panel').focus();
    await expect(page.getByTestId('term-meaning')).toHaveCount(0);

    // Down the form one key at a time: class, every action, back up, down again, CH.
    await page.keyboard.press('1');
    await expectOnScreen(page, 'the class');
    for (let i = 0; i < ACTIONS; i++) {
      await page.keyboard.press('h');
      await expectOnScreen(page, `action ${i + 1}`);
    }
    for (const k of ['k', 'k', 'ArrowUp', 'j', 'ArrowDown', 'j']) {
      await page.keyboard.press(k);
      await expectOnScreen(page, `key ${k}`);
    }
    await page.keyboard.press('0');
    await expectOnScreen(page, 'CH');

    // The rater reads on through a long answer without leaving the keys, and keeps the place.
    const column = page.getByTestId('answer-column');
    await page.keyboard.press('PageDown');
    await expect.poll(() => column.evaluate((c) => c.scrollTop)).toBeGreaterThan(100);
    const readTo = await column.evaluate((c) => c.scrollTop);
    await expectOnScreen(page, 'PageDown');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await column.evaluate((c) => c.scrollTop)).toBe(readTo);

    // Scrolled away with the mouse wheel, the next key brings it all back.
    await page.evaluate(() => window.scrollTo(0, 0));
    await column.evaluate((c) => c.scrollTo(0, c.scrollHeight));
    await page.keyboard.press('0');
    await expectOnScreen(page, 'OH after scrolling away');

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rating-progress')).toHaveText('1 / 2 rated');
    await expect(answer).toContainText(/Answer [12]: here is what/);
    await expectOnScreen(page, 'the next item');
    expect(await column.evaluate((c) => c.scrollTop)).toBe(0);
  });
}

test('an answer whose markup the sanitiser would cut is shown whole, as plain text', async ({ page }) => {
  await page.goto('/#/library');
  await expect(page.getByRole('heading', { name: 'Case library' })).toBeVisible();
  const base = responseRecord(RUN, 0, 'Give **5 ml** every few minutes.\n\n<script>window.__ran = "the rater must still read this"</script>', CASE_ID);
  await seedTables(page, { responses: [{ ...base, request: { ...base.request, messages: [{ role: 'user', content: toddler.framings.layperson!.prompt }] } }], runs: [runRow(RUN, [CASE_ID])] });
  await page.getByRole('link', { name: 'Rate', exact: true }).click();
  await page.getByLabel('Your name as a rater').fill('Plain');
  await page.keyboard.press('Enter');
  const answer = page.getByTestId('rating-answer');
  await expect(answer).toContainText('<script>window.__ran = "the rater must still read this"</script>');
  await expect(answer).toContainText('Give **5 ml**');
  await expect(answer.locator('script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __ran?: string }).__ran)).toBeUndefined();
});
