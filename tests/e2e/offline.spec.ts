import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, seedTables, test } from './fixtures';
import { seededRun } from './seed';

const provider = 'http://127.0.0.1:8797';
const bundledCount = readdirSync(join(import.meta.dirname, '../../scenarios')).filter((f) => f.endsWith('.json')).length;

test('the installed app works with the network off: library, a case, scoring, analysis and the report', async ({ page, context, library }) => {
  await library.open();
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { display: string; icons: { sizes: string }[] }) : null;
  });
  expect(manifest?.display).toBe('standalone');
  expect(manifest?.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

  // Installed and controlling: precaching finished (install resolves before activation).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const { run, responses } = seededRun();
  await seedTables(page, { runs: [run], responses });

  // web-llm's chunks (~6 MB each) are left out of the precache and kept once fetched, as they
  // are when an in-browser model is first used (this Chromium has no GPU, so fetch one here).
  const { precache, runtimeOnly } = await page.evaluate(async () => {
    const sw = await (await fetch('/sw.js')).text();
    const list = (name: string) => JSON.parse(new RegExp(`^const ${name} = (.*);$`, 'm').exec(sw)![1]!) as string[];
    return { precache: list('PRECACHE'), runtimeOnly: list('RUNTIME_ONLY') };
  });
  expect(precache).toEqual(expect.arrayContaining(['manifest.webmanifest', 'icons/icon-192.png']));
  expect(precache.some((f) => f.endsWith('.css'))).toBe(true);
  expect(runtimeOnly.length).toBeGreaterThan(0);
  expect(precache.filter((f) => runtimeOnly.includes(f))).toEqual([]);
  const webllmChunk = `/${runtimeOnly[0]}`;
  expect(await page.evaluate((u) => caches.match(u).then((r) => !!r), webllmChunk)).toBe(false);
  expect(await page.evaluate((u) => fetch(u).then((r) => r.ok), webllmChunk)).toBe(true);
  await expect.poll(() => page.evaluate((u) => caches.match(u).then((r) => !!r), webllmChunk)).toBe(true);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.reload();
  await expect(library.cards()).toHaveCount(bundledCount);
  await expect(library.card('Alprazolam running out with no prescriber')).toBeVisible();
  await library.card('Alprazolam running out with no prescriber').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alprazolam running out with no prescriber');
  await expect(page.getByTestId('framings')).toBeVisible();

  // Chromium's offline emulation cuts every request, loopback included, so a local model server
  // on 127.0.0.1 cannot be exercised here; the SW never handles cross-origin requests (another
  // port is another origin), so with a real network off, localhost still reaches the server.
  const reachable = await page.evaluate((url) => fetch(`${url}/__stats`, { mode: 'no-cors' }).then(() => true, () => false), provider);
  expect(reachable).toBe(false);
  await page.getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  expect(await page.evaluate((u) => fetch(u).then((r) => r.ok), webllmChunk)).toBe(true);

  await page.goto(`/#/run/${run.id}`);
  await page.getByRole('button', { name: 'Score with the local scorer' }).click();
  await expect(page.getByText('Scored 12 responses with the local scorer.')).toBeVisible();
  await page.getByRole('link', { name: 'Open the analysis' }).click();
  await expect(page.getByTestId('headline')).toContainText('Overall decoupling gap');
  await expect(page.getByTestId('chart-gap-per-model').locator('canvas')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync(await (await download).path(), 'utf8');
  expect(html).toContain('engineered for collision');
  expect(html).toContain('data:image/png;base64,');
});
