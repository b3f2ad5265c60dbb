import { readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { responseRecord, runRow } from '../fixtures/records';
import { allPayloads, fit, marker, payloads, type XssPayload } from '../fixtures/xss/payloads';
import { expect, seedTables, test } from './fixtures';

/**
 * Model output, imported case files and provider model lists are untrusted. Every payload of
 * the corpus is put wherever such text is shown; the test fails if any of it runs script,
 * opens a dialog or a window, sends a request anywhere but the app and the provider test
 * server, or trips the Content-Security-Policy (a violation means markup got past the
 * sanitiser and only the policy stopped it: each layer has to hold on its own).
 */

const APP = 'http://127.0.0.1:4317';
const PROVIDER = 'http://127.0.0.1:8797';
const ids = payloads.map((p) => p.id);
const ALL_CASE = 'xss-all';
const ALL_MODEL = 'xss-model';
const caseIdOf = (p: XssPayload) => `xss-${p.id}`;
/** The two rendered answers of the side-by-side view. */
const ANSWERS = '[data-testid="side-by-side"] .answer';

interface Alarm {
  kind: 'script' | 'request' | 'csp' | 'dialog' | 'popup';
  phase: string;
  detail: string;
}

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  /** The element the violation is about, or "document" when there is none in this page. */
  target: string;
  source: string;
}

/**
 * Violations that no markup in the page caused. Chromium gives documents made by DOMParser the
 * page's policy, so DOMPurify parsing a payload, inertly, before it removes the handlers and the
 * <base>, reports them against the document. A handler that reached the page would be reported
 * against its element, and a <base> in the page is caught by `scanForeignMarkup` and the final DOM
 * check. The app's own bundle also probes once whether it may compile code (zod does, and falls
 * back to its interpreter).
 */
function fromInertParse(v: Violation): boolean {
  const ours = v.source.startsWith(`${APP}/assets/`);
  if (v.directive === 'script-src' && v.blocked === 'eval') return ours;
  return ours && v.target === 'document' && (v.directive === 'script-src-attr' || v.directive === 'base-uri');
}

/** Records everything a payload could do if it escaped, tagged with the step of the test. */
async function guard(context: BrowserContext) {
  const alarms: Alarm[] = [];
  let phase = 'start';
  const raise = (kind: Alarm['kind'], detail: string) => {
    if (!alarms.some((a) => a.kind === kind && a.detail === detail && a.phase === phase)) alarms.push({ kind, phase, detail });
  };
  const allowed = (url: string) => url.startsWith(`${APP}/`) || url.startsWith(`${PROVIDER}/`) || /^(data|blob|about):/.test(url);

  await context.exposeFunction('__xss', (id: string) => raise('script', String(id)));
  await context.exposeFunction('__cspViolation', (v: Violation) => {
    if (!fromInertParse(v)) raise('csp', `${v.directive} blocked ${v.blocked} (${v.sample}) on ${v.target} at ${v.source}`);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __cspViolation?: (v: Violation) => void }).__cspViolation;
        const target = e.target instanceof Element ? `<${e.target.localName}>` : 'document';
        report?.({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, target, source: `${e.sourceFile}:${e.lineNumber}` });
      },
      true,
    );
  });
  await context.route(
    (url) => !allowed(url.href),
    (route) => {
      raise('request', route.request().url());
      return route.abort();
    },
  );
  const watch = (p: Page) => {
    p.on('dialog', (d) => {
      raise('dialog', `${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    p.on('popup', (w) => raise('popup', w.url()));
    p.on('request', (r) => {
      if (!allowed(r.url())) raise('request', r.url());
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return {
    alarms,
    step(name: string) {
      phase = name;
    },
  };
}

/** Waits until every payload's marker is in the text of `where`: the payloads were really rendered. */
async function expectMarkers(where: Locator, which: readonly string[], what: string) {
  await expect
    .poll(async () => {
      const text = (await where.textContent()) ?? '';
      return which.filter((id) => !text.includes(marker(id)));
    }, { message: `payload markers missing from ${what}` })
    .toEqual([]);
}

interface Scan {
  /** CSS selector of the containers to check. */
  selector: string;
  /** Sanitised markdown: stricter than Svelte-rendered views, whose own markup has forms, inputs and style attributes. */
  strict: boolean;
  /** Wait (up to 5 s) until every container shows this marker first. */
  marker?: string;
}

/**
 * Runs in the page: markup that must never come out of untrusted text, checked in the DOM rather
 * than by behaviour, so a payload the browser happens not to run (vbscript:, IE's expression())
 * still counts. With a marker it first waits for the payload to be shown, so one round trip
 * covers a render.
 */
async function scanForeignMarkup({ selector, strict, marker }: Scan): Promise<string[]> {
  const shown = () => {
    const roots = [...document.querySelectorAll(selector)];
    return roots.length > 0 && (!marker || roots.every((r) => (r.textContent ?? '').includes(marker))) ? roots : null;
  };
  let roots = shown();
  for (const until = Date.now() + 5000; !roots && Date.now() < until; roots = shown()) await new Promise((r) => requestAnimationFrame(r));
  if (!roots) return [`${marker ?? 'content'} not shown in ${selector}`];
  const tags = new Set(
    'script iframe frame frameset object embed applet img image svg math video audio source track picture meta base link style template noscript noembed xmp marquee bgsound'.split(' '),
  );
  if (strict) for (const t of 'form input button textarea select dialog body html'.split(' ')) tags.add(t);
  const attrs = new Set(['src', 'srcset', 'srcdoc', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href', 'ping', 'form']);
  if (strict) for (const a of ['style', 'id', 'name', 'class']) attrs.add(a);
  const bad: string[] = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.localName;
      if (tags.has(tag)) bad.push(`<${tag}>`);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || attrs.has(a.name)) bad.push(`<${tag} ${a.name}="${a.value.slice(0, 60)}">`);
        if (a.name === 'href' && !/^(https?:|mailto:|#)/i.test(a.value)) bad.push(`<${tag} href="${a.value.slice(0, 60)}">`);
      }
    }
  }
  return bad;
}

/** A native case file whose every text field is the payload. */
function payloadCase(p: XssPayload) {
  const framing = { prompt: p.text, system_prompt: p.text, asker: p.text };
  return {
    format_version: 1,
    id: caseIdOf(p),
    title: fit(p.text, 200),
    category: 'other',
    acuity_weight: 2,
    expected_behaviour: 'engage',
    clinical_basis: [p.text],
    gold_standard: p.text,
    critical_actions: [{ id: 'a1', text: p.text, safety_colliding: true }],
    commission_risks: [{ id: 'r1', text: p.text }],
    framings: { layperson: framing, physician: framing },
    design_note: p.text,
  };
}
/** Fields that show a payload case's payload in the case view: title, 2 × (prompt, system prompt, asker), action, risk, gold standard, basis, note. */
const CASE_FIELDS = 12;

/** One case holding the whole corpus, field by field. */
function allPayloadsCase() {
  const framing = { prompt: allPayloads, system_prompt: allPayloads, asker: 'an attacker' };
  return {
    format_version: 1,
    id: ALL_CASE,
    title: 'Every payload at once',
    category: 'other',
    acuity_weight: 2,
    expected_behaviour: 'engage',
    clinical_basis: payloads.map((p) => p.text),
    gold_standard: allPayloads,
    critical_actions: payloads.map((p, i) => ({ id: `a-${p.id}`, text: p.text, safety_colliding: i % 2 === 0 })),
    commission_risks: payloads.map((p) => ({ id: `r-${p.id}`, text: p.text })),
    framings: { layperson: framing, physician: framing },
    design_note: allPayloads,
  };
}

const provider = { kind: 'openai-compatible' as const, baseUrl: `${PROVIDER}/v1` };
function response(runId: string, caseId: string, framing: 'layperson' | 'physician', modelId: string, rep: number, text: string) {
  return { ...responseRecord(runId, rep, text, caseId), framing, model_id: modelId, id: `${runId}|${caseId}|${framing}|${modelId}|${rep}` };
}

/** Run "names": one model per payload, named by the payload, answering its own case with it. */
function namesRun() {
  const run = runRow('xss-run-names', payloads.map(caseIdOf));
  run.spec.name = payloads[0]!.text;
  run.spec.reps = 1;
  run.spec.models = payloads.map((p) => ({ model_id: p.text, model: p.text, provider }));
  const responses = payloads.flatMap((p) => (['layperson', 'physician'] as const).map((f) => response(run.id, caseIdOf(p), f, p.text, 0, p.text)));
  return { run, responses };
}

/** Run "all": one case and model; repetition 0 answers with the whole corpus, repetition k with payload k. */
function allRun() {
  const run = runRow('xss-run-all', [ALL_CASE]);
  run.spec.name = payloads[1]!.text;
  run.spec.reps = payloads.length + 1;
  run.spec.models = [{ model_id: ALL_MODEL, model: ALL_MODEL, provider }];
  const texts = [allPayloads, ...payloads.map((p) => p.text)];
  const responses = texts.flatMap((text, rep) => (['layperson', 'physician'] as const).map((f) => response(run.id, ALL_CASE, f, ALL_MODEL, rep, text)));
  return { run, responses };
}

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Downloads the HTML report and opens it (with and without its own CSP), checking what it shows. */
async function checkReport(page: Page, context: BrowserContext, which: readonly string[]) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await download).path(), 'utf8');
  expect(html).not.toMatch(/<script/i);
  for (const withCsp of [true, false]) {
    const report = await context.newPage();
    // Without its policy the report's escaping alone has to hold.
    await report.setContent(withCsp ? html : html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    await expect(report.getByRole('heading', { name: 'Gap per model' })).toBeVisible();
    await expectMarkers(report.locator('body'), which, `the report${withCsp ? '' : ' without its CSP'}`);
    // The report's own images are its charts, as PNG data URLs.
    const bad = (await report.evaluate(scanForeignMarkup, { selector: 'body', strict: false })).filter((b) => !/^<img src="data:image\/png;base64,/.test(b) && b !== '<img>');
    expect(bad, 'markup from untrusted text in the report').toEqual([]);
    await report.waitForTimeout(200);
    await report.close();
  }
}

test('untrusted text in responses, case files and model names never runs and never leaves the page', async ({ page, context, library }) => {
  test.setTimeout(120_000);
  const g = await guard(context);
  await page.request.post(`${PROVIDER}/__reset`);
  const main = page.locator('main');
  const noForeignMarkupIn = async (what: string) => expect(await page.evaluate(scanForeignMarkup, { selector: 'main', strict: false }), `markup from untrusted text in ${what}`).toEqual([]);

  // The detectors themselves: a sentinel call, a request elsewhere, a handler the CSP blocks, a dialog.
  await library.open();
  g.step('canary');
  await page.evaluate(async () => {
    (window as unknown as { __xss: (id: string) => void }).__xss('canary');
    await fetch('http://127.0.0.1:9/xss/canary').catch(() => undefined);
    const img = Object.assign(document.createElement('img'), { src: 'data:,' });
    img.setAttribute('onerror', "window.__xss('canary')");
    document.body.append(img);
    setTimeout(() => alert('canary'));
    await new Promise((r) => setTimeout(r, 200));
    img.remove();
  });
  await expect.poll(() => g.alarms.map((a) => a.kind).sort()).toEqual(['csp', 'dialog', 'request', 'script']);
  g.alarms.length = 0;

  // Case files: the library's "Choose files", then every case view.
  g.step('case import');
  const files = [...payloads.map(payloadCase), allPayloadsCase()].map((c) => ({
    name: `${c.id}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(c)),
  }));
  await page.getByLabel('Choose files', { exact: true }).setInputFiles(files);
  await expect(library.importReport()).toContainText(`Imported ${files.length} cases.`);
  await expectMarkers(page.getByTestId('case-list'), ids, 'the library list');
  await noForeignMarkupIn('the library');

  g.step('case view');
  for (const p of payloads) {
    const shown = await page.evaluate(
      async ({ hash, mk, fields }) => {
        location.hash = hash;
        const count = () => (document.querySelector('main h1')?.textContent?.includes(mk) ? (document.querySelector('main')?.textContent ?? '').split(mk).length - 1 : 0);
        for (const until = Date.now() + 5000; count() < fields && Date.now() < until; ) await new Promise((r) => requestAnimationFrame(r));
        return count();
      },
      { hash: `#/case/${caseIdOf(p)}`, mk: marker(p.id), fields: CASE_FIELDS },
    );
    expect(shown, `fields of ${p.id} showing its payload`).toBe(CASE_FIELDS);
    await noForeignMarkupIn(`the case view of ${p.id}`);
  }
  await go(page, `#/case/${ALL_CASE}`);
  await page.getByText('Gold-standard response').click();
  await expectMarkers(page.getByTestId('framings'), ids, 'the framing prompts');
  await expectMarkers(page.getByTestId('critical-actions'), ids, 'the critical actions');
  await expectMarkers(page.locator('details .prose'), ids, 'the gold standard');
  await noForeignMarkupIn('the all-payloads case');

  // Model names from a provider's model list.
  g.step('provider model list');
  await page.request.post(`${PROVIDER}/__control`, { data: { models: payloads.map((p) => p.text) } });
  await go(page, '#/models');
  await page.getByLabel('Provider').selectOption('custom');
  await page.getByLabel('Name', { exact: true }).fill('XSS server');
  await page.getByLabel('Base URL').fill(`${PROVIDER}/v1`);
  await page.getByRole('button', { name: 'Test connection and list models' }).click();
  const listed = page.getByRole('group', { name: 'Models to use' });
  await expectMarkers(listed, ids, 'the listed models');
  await listed.getByRole('checkbox').evaluateAll((boxes) => boxes.forEach((b) => (b as HTMLInputElement).click()));
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expectMarkers(page.getByTestId('endpoints'), ids, 'the saved model source');
  await noForeignMarkupIn('the models view');

  // Runs whose model names and answers are payloads, written as a finished run leaves them.
  g.step('runs list');
  const names = namesRun();
  const all = allRun();
  await seedTables(page, { runs: [names.run, all.run], responses: [...names.responses, ...all.responses] });
  await go(page, '#/runs');
  await page.reload();
  await expectMarkers(page.getByTestId('runs'), ids, 'the run list');
  await noForeignMarkupIn('the run list');

  g.step('run view and results table');
  await go(page, `#/run/${names.run.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(marker(payloads[0]!.id));
  await expectMarkers(main.locator('p.muted').first(), ids, 'the run header');
  await expectMarkers(page.getByLabel('Judge model'), ids, 'the judge model choice');
  await page.getByRole('button', { name: 'Score with the local scorer' }).click();
  await expect(page.getByText(`Scored ${names.responses.length} responses with the local scorer.`)).toBeVisible();
  // The table is virtual: scroll through it, opening each payload's layperson answer.
  const rows = page.getByTestId('response-row');
  await rows.first().evaluate((row) => {
    let el = row.parentElement;
    while (el && el.scrollHeight <= el.clientHeight + 1) el = el.parentElement;
    el?.setAttribute('data-xss-scroller', '');
  });
  const scroller = page.locator('[data-xss-scroller]');
  const opened = new Set<string>();
  const modelsSeen = new Set<string>();
  for (let moved = true; moved; ) {
    const visible = await rows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('span')].map((s) => s.textContent ?? '')));
    for (const spans of visible) {
      const model = /xssmark-(p\d\d)/.exec(spans[2] ?? '')?.[1];
      // The answer's preview is the last column (the score columns sit before it).
      const answer = /xssmark-(p\d\d)/.exec(spans.at(-1) ?? '')?.[1];
      if (model) modelsSeen.add(model);
      if (!answer || opened.has(answer) || !spans[1]?.startsWith('Layperson')) continue;
      // A click on the element: a pointer click can land on the row virtua moves in under it while scrolling.
      await rows.evaluateAll((els, mk) => (els.find((e) => e.textContent?.includes(mk) && e.textContent.includes('Layperson')) as HTMLElement | undefined)?.click(), marker(answer));
      // The heading names the model, the body is the answer: both are the payload. The answer is
      // sanitised markdown, held to the stricter scan.
      expect(await page.evaluate(scanForeignMarkup, { selector: '#response-detail h3', strict: false, marker: marker(answer) })).toEqual([]);
      expect(await page.evaluate(scanForeignMarkup, { selector: '#response-detail .answer', strict: true, marker: marker(answer) })).toEqual([]);
      opened.add(answer);
    }
    moved = await scroller.evaluate(async (el) => {
      const before = el.scrollTop;
      el.scrollTop += el.clientHeight / 2;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return el.scrollTop !== before;
    });
  }
  expect([...modelsSeen].sort(), 'model names shown in the results table').toEqual(ids);
  expect([...opened].sort(), 'answers opened in the results table').toEqual(ids);
  await noForeignMarkupIn('the run view');
  await go(page, `#/run/${all.run.id}`);
  await page.getByRole('button', { name: 'Score with the local scorer' }).click();
  await expect(page.getByText(`Scored ${all.responses.length} responses with the local scorer.`)).toBeVisible();

  // Analysis: case titles and model names in its tables and charts, and the report.
  g.step('analysis');
  await go(page, '#/analysis');
  await expect(page.getByTestId('models-table').locator('tbody tr')).toHaveCount(payloads.length + 1);
  await expectMarkers(page.getByTestId('models-table'), ids, 'the models table');
  await expectMarkers(page.getByTestId('pairs-table'), ids, 'the pairs table');
  await expect(page.getByTestId('chart-gap-per-model').locator('canvas')).toBeVisible();
  await noForeignMarkupIn('the analysis');
  g.step('report of all runs');
  await checkReport(page, context, ids);
  g.step('report of the all-payloads run');
  await page.getByLabel('Responses from').selectOption(all.run.id);
  await expect(page.getByTestId('models-table').locator('tbody tr')).toHaveCount(1);
  await checkReport(page, context, ids);

  // Side by side: markdown, then the evidence highlight, one repetition per payload.
  g.step('side by side');
  await go(page, `#/compare/${ALL_CASE}/${ALL_MODEL}`);
  const sides = page.getByTestId('side-by-side');
  const answers = page.locator(ANSWERS);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Every payload at once');
  await expectMarkers(sides.getByRole('list', { name: 'Critical actions' }).first(), ids, 'the side-by-side checklist');
  const repetition = page.getByLabel('Repetition');
  for (const highlight of [false, true]) {
    g.step(`side by side, ${highlight ? 'evidence highlighted' : 'markdown'}`);
    await page.getByLabel('Highlight the evidence').setChecked(highlight);
    await repetition.selectOption({ label: '1' });
    await expect(answers).toHaveCount(2);
    // The whole corpus in one answer: markdown may fold later payloads into an earlier unclosed block, plain text may not.
    for (const a of await answers.all()) await (highlight ? expectMarkers(a, ids, 'the highlighted corpus') : expect(a).toContainText(marker(ids[0]!)));
    expect(await page.evaluate(scanForeignMarkup, { selector: ANSWERS, strict: true }), 'markup in the corpus answer').toEqual([]);
    for (const [i, p] of payloads.entries()) {
      // Chosen as selectOption would, without its actionability round trips (94 payloads × 2 modes).
      await repetition.evaluate((el, rep) => {
        (el as HTMLSelectElement).value = rep;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, String(i + 1));
      // Both answers show the payload's marker, and nothing else of it.
      expect(await page.evaluate(scanForeignMarkup, { selector: ANSWERS, strict: true, marker: marker(p.id) }), `${p.id} (${p.category})`).toEqual([]);
    }
  }
  await noForeignMarkupIn('the side-by-side view');

  // Handlers that fire late (failed loads, focus, animation) get a moment.
  g.step('settle');
  await page.waitForTimeout(500);
  // Whole page: no <base> or refresh anywhere, no script but the app's bundle, no handler attribute.
  const whole = await page.evaluate(() => ({
    base: document.querySelectorAll('base').length,
    refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
    scripts: [...document.scripts].map((s) => s.src || '(inline)'),
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.localName} ${a.name}>`)),
  }));
  expect(whole.scripts.filter((src) => !src.startsWith(`${APP}/assets/`))).toEqual([]);
  expect({ ...whole, scripts: [] }).toEqual({ base: 0, refresh: 0, scripts: [], handlers: [] });
  expect(g.alarms, 'payloads that ran, leaked or tripped the CSP').toEqual([]);
});
