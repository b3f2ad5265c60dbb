import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { readPack, verifyPackHashes } from '../../src/core/pack';
import { LOCAL_SCORER_VERSION } from '../../src/core/scoring/version';
import { expect, test } from './fixtures';
import { CASE, addTestServerSource, openScoredRun } from './seed';

/**
 * Evidence packs in the app: a scored run exported as a pack (and its viewer page) with no key in
 * it, then opened in a fresh browser profile, where a changed pack is refused with nothing stored
 * and the real one opens read-only: its runs, scores, analysis and side-by-side view, no edits.
 */

const provider = 'http://127.0.0.1:8797';
const KEY = 'sk-test-pack-9090-qwerty';
const PACK_DB = 'iatroscope-evidence-pack';

async function saved(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return { name: (d as Download).suggestedFilename(), text: readFileSync(await (d as Download).path(), 'utf8') };
}

/** Drops a file on an element, as a user dragging it from their file manager does. */
async function dropFile(page: Page, selector: string, name: string, text: string) {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t!], n!, { type: 'application/json' }));
    return d;
  }, [name, text]);
  await page.locator(selector).first().dispatchEvent('drop', { dataTransfer: dt });
}

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

test('a run exported as an evidence pack opens read-only elsewhere; a changed pack is refused and nothing stored', async ({ page, browser }) => {
  const seeded = await openScoredRun(page);
  // A key configured in the app, remembered on this device: it must never reach a pack.
  await page.request.post(`${provider}/__reset`);
  await page.request.post(`${provider}/__control`, { data: { apiKey: KEY } });
  await addTestServerSource(page, provider, { name: 'Keyed server', key: KEY });

  await page.goto(`/#/run/${seeded.run.id}`);
  // The user's own run offers batch requests; the same run from a pack will not.
  await expect(page.getByRole('button', { name: 'Export batch request file' })).toBeVisible();
  const pack = await saved(page, 'Export evidence pack');
  expect(pack.name).toBe('iatroscope-evidence-run-e2e.json');
  expect(pack.text).not.toContain(KEY);
  // The same file the CLI writes: it reads as a pack and every hash checks, as `cli verify` checks it.
  const read = readPack(pack.name, pack.text);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  expect(await verifyPackHashes(read.value)).toEqual([]);
  expect(read.value.pack.cases.map((c) => c.id)).toEqual([CASE]);
  expect(read.value.pack.responses).toHaveLength(seeded.responses.length);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(read.value.pack.responses.map((r) => r.record).sort(byId)).toEqual([...seeded.responses].sort(byId));
  expect(read.value.pack.scores.map((s) => [s.scorer, s.scorer_version])).toEqual(seeded.responses.map(() => ['local', LOCAL_SCORER_VERSION]));
  const viewer = await saved(page, 'Export viewer page');
  expect(viewer.text).toContain('Content-Security-Policy');
  expect(viewer.text).not.toContain(KEY);

  // Elsewhere: a fresh browser profile with nothing in it.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  const errors: string[] = [];
  p2.on('pageerror', (e) => errors.push(e.message));
  await p2.goto('/#/runs');
  await expect(p2.getByText('No runs yet.')).toBeVisible();

  // One byte of one response changed: refused, naming the record, and nothing stored.
  const json = JSON.parse(pack.text);
  const victim = json.responses[4].record;
  victim.text = victim.text.replace('a', 'b');
  // Its name is untrusted text too: shown as text, never as markup.
  const changed = '<img src=x onerror="window.pwned=1">changed.json';
  await p2.getByTestId('pack-input').setInputFiles({ name: changed, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json, null, 1)) });
  const refused = p2.getByTestId('pack-refused');
  await expect(refused).toContainText(`Not opened: ${changed}. Nothing was stored.`);
  await expect(refused.locator('img')).toHaveCount(0);
  expect(await p2.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await expect(refused).toContainText(`${changed}: $.responses[4]: hash does not match: this record (response ${victim.id}) was changed`);
  expect(await databases(p2)).not.toContain(PACK_DB);
  await expect(p2.getByText('No runs yet.')).toBeVisible();
  await expect(p2.getByTestId('pack-banner')).toHaveCount(0);
  await refused.getByRole('button', { name: 'Dismiss' }).click();

  // The real pack, dropped on the page: its run opens read-only.
  await dropFile(p2, 'h1', pack.name, pack.text);
  const banner = p2.getByTestId('pack-banner');
  await expect(banner).toContainText(`Opened from an evidence pack (read-only): ${pack.name}, verified`);
  await expect(banner).toContainText(read.value.pack.hashes.content);
  const runLink = p2.getByRole('link', { name: `run-e2e (from ${pack.name})` });
  await expect(runLink).toBeVisible();
  await expect(p2.getByRole('link', { name: 'New run' })).toHaveCount(0);
  await expect(p2.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page: p2 }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await runLink.click();
  await expect(p2.getByTestId('run-progress')).toContainText(`${seeded.responses.length} / ${seeded.responses.length}`);
  await expect(p2.getByTestId('run-read-only')).toBeVisible();
  for (const name of ['Score with the local scorer', 'Judge', 'Start', 'Resume', 'Export evidence pack', 'Export batch request file', 'Submit batch']) await expect(p2.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(p2.getByTestId('response-row')).toHaveCount(seeded.responses.length);
  await expect(p2.getByTestId('row-oh').first()).toHaveText(/^[0-4]$/);

  // The packed local scores reproduce with this tool's local scorer.
  await banner.getByRole('button', { name: 'Rescore with the local scorer' }).click();
  await expect(p2.getByTestId('pack-rescore')).toHaveText(`All ${seeded.responses.length} local scores reproduced by local scorer version ${LOCAL_SCORER_VERSION}.`);

  // Analysis and the side-by-side view work on the pack; importing or rescoring in place is not offered.
  await p2.getByRole('link', { name: 'Open the analysis' }).click();
  await expect(p2.getByTestId('headline')).toContainText('Overall decoupling gap');
  await expect(p2.getByTestId('models-table').locator('tbody tr')).toHaveCount(2);
  await expect(p2.getByText('Import published scores')).toHaveCount(0);
  await expect(p2.getByRole('button', { name: 'Download report (HTML)' })).toBeVisible();
  await p2.getByTestId('pairs-table').getByRole('link', { name: 'Side by side' }).first().click();
  await expect(p2.getByTestId('side-by-side').getByRole('article', { name: 'Physician' })).toContainText('switch to diazepam');

  // Screens that change data are closed while the pack is open.
  for (const route of ['rate', 'run/new', `edit/${CASE}`]) {
    await p2.goto(`/#/${route}`);
    await expect(p2.getByTestId('pack-closed-screen')).toBeVisible();
  }

  // A reload checks the pack again and keeps it open; closing it removes it and leaves the profile as it was.
  await p2.reload();
  await expect(banner).toContainText(`${pack.name}, verified`);
  await p2.goto('/#/runs');
  await expect(runLink).toBeVisible();
  await banner.getByRole('button', { name: 'Close the pack' }).focus();
  await p2.keyboard.press('Enter');
  await expect(banner).toHaveCount(0);
  await expect(p2.getByText('No runs yet.')).toBeVisible();
  await expect.poll(() => databases(p2)).not.toContain(PACK_DB);
  expect(errors).toEqual([]);
  await other.close();
});
