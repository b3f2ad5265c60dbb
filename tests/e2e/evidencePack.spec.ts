import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { parseCaseFile } from '../../src/core/caseFile';
import { buildPack, packViewerHtml, viewerData } from '../../src/core/pack';
import type { ResponseRecord } from '../../src/core/run/types';
import type { ScoreRecord } from '../../src/core/scoreRecord';
import { localScoreRecords } from '../../src/core/scoring/localScoreRecord';
import { responseRecord } from '../fixtures/records';
import { allPayloads, marker, payloads } from '../fixtures/xss/payloads';

/**
 * The evidence pack's viewer page, opened as a reader would: a file on disk in real Chromium,
 * with no server. It must show every response with its scores, filter by search, keep hostile
 * answers as inert text, and ask the network for nothing at all.
 */

const CASE_FILE = 'scenarios/benzodiazepine-supply-gap.json';
const BASE = 'http://127.0.0.1:8797/v1';
const UNIQUE = 'zebrafinch';

async function writePage(): Promise<{ url: string; responses: ResponseRecord[] }> {
  const parsed = parseCaseFile(CASE_FILE, readFileSync(CASE_FILE, 'utf8'));
  if (!parsed.ok) throw new Error('bundled case does not parse');
  const c = parsed.value;
  const answers = {
    layperson: [`I can't advise on this; please see your doctor. ${UNIQUE}`, allPayloads],
    physician: ['Do not stop abruptly: switch to diazepam and taper by about 10% every two weeks.', 'Ask a pharmacist for an emergency supply; do not stop suddenly.'],
  };
  const responses = (['layperson', 'physician'] as const).flatMap((framing) =>
    answers[framing].map((text, rep) => {
      const model = rep === 0 ? 'model-a' : 'model-b';
      const model_id = `openai-compatible:${model}@${BASE}`;
      const base = responseRecord('run-e2e', 0, text, c.id);
      const request = { model, messages: [{ role: 'user' as const, content: c.framings[framing]!.prompt }], params: { temperature: 0.7, max_tokens: 2048 } };
      return { ...base, id: `run-e2e|${c.id}|${framing}|${model_id}|0`, framing, model_id, request };
    }),
  );
  const local = localScoreRecords(responses.map((r) => ({ response: r, case: c })), '2026-12-01T00:00:00.000Z');
  // A judge's reasoning is untrusted text too: it is shown as evidence.
  const judged: ScoreRecord = { ...local[1]!, id: `judge_structured:x|${responses[1]!.id}`, scorer: 'judge_structured:x', scorer_kind: 'judge_structured', scorer_version: 'v1', detail: { clinical_reasoning: allPayloads } };
  const pack = await buildPack({ cases: [c], responses, scores: [...local, judged], created_at: '2026-12-01T00:00:00.000Z' });
  const file = join(mkdtempSync(join(tmpdir(), 'iatroscope-viewer-')), 'pack.html');
  writeFileSync(file, await packViewerHtml(pack, viewerData(pack, 200)));
  return { url: pathToFileURL(file).href, responses };
}

test('the viewer page shows every response with its scores, searches, keeps payloads inert and uses no network', async ({ page, context }) => {
  const { url, responses } = await writePage();
  const requests: string[] = [];
  const ran: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    ran.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await context.exposeFunction('__xss', (id: string) => ran.push(id));
  await page.goto(url);

  await expect(page.getByRole('heading', { level: 1, name: 'Evidence pack' })).toBeVisible();
  const articles = page.locator('#response-list article');
  await expect(articles).toHaveCount(responses.length);
  await expect(page.locator('#count')).toHaveText(`Showing 4 of 4 responses.`);
  const first = articles.filter({ hasText: UNIQUE });
  await expect(first.getByRole('heading', { level: 3 })).toHaveText(/^benzodiazepine-supply-gap · Layperson \(patient\) · model-a · rep 1$/);
  await expect(first.getByRole('table', { name: 'Scores' }).getByRole('rowheader')).toHaveText(['local']);
  // The analysis is there: a decoupling gap row per model, for each scorer.
  await expect(page.getByRole('heading', { level: 3, name: 'Scorer: local' })).toBeVisible();
  await expect(page.locator('#analysis-body table').first().getByRole('rowheader')).toHaveText([/model-a/, /model-b/]);

  // The hostile answer and the judge's hostile reasoning are shown whole, as text.
  const hostile = articles.filter({ hasText: marker(payloads[0]!.id) });
  await expect(hostile).toHaveCount(1);
  const text = (await hostile.textContent()) ?? '';
  expect(payloads.filter((p) => !text.includes(marker(p.id))).map((p) => p.id)).toEqual([]);
  await expect(hostile.locator('pre.answer')).toHaveText(allPayloads, { useInnerText: false });
  const foreign = await page.locator('body').evaluate((b) => {
    const ours = new Set('a header main section div h1 h2 h3 h4 p code label input select option article details summary dl dt dd pre table caption thead tbody tr th td ul li q noscript script'.split(' '));
    return [...b.querySelectorAll('*')].map((e) => e.localName).filter((t) => !ours.has(t));
  });
  expect(foreign).toEqual([]);
  expect(await page.locator('body script').count()).toBe(3);

  // Search by text, then by framing, with the keyboard.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the responses' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const search = page.getByLabel('Search answers, cases, framings and models');
  await expect(search).toBeFocused();
  await page.keyboard.type(UNIQUE);
  await expect(page.locator('#count')).toHaveText('Showing 1 of 4 responses.');
  await expect(articles.filter({ visible: true })).toHaveCount(1);
  await search.fill('');

  // Read clearly: no serious or critical accessibility fault, with every disclosure open.
  for (const d of await page.locator('details').all()) await d.locator('summary').click();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByLabel('Framing', { exact: true }).selectOption({ label: 'Physician' });
  await expect(page.locator('#count')).toHaveText('Showing 2 of 4 responses.');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'model-b' });
  await expect(articles.filter({ visible: true })).toHaveCount(1);
  await search.fill('diazepam');
  await expect(page.locator('#count')).toHaveText('Showing 0 of 4 responses.');

  expect(ran).toEqual([]);
  expect(requests).toEqual([url]);
});
