import { readFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const seed = readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8');
const TITLE = 'Café: a naïve señor asks about ≥ 2 mg';
const caseText = (id: string, title: string) => seed.replace('"id": "benzodiazepine-supply-gap"', `"id": "${id}"`).replace(/"title": "[^"]*"/, `"title": "${title}"`);
/** What Windows Notepad writes for "Unicode": UTF-16 LE with its byte-order mark. */
const utf16le = (text: string) => Buffer.from('\uFEFF' + text, 'utf16le');

test('a UTF-16 case file imports as the text it holds; a Latin-1 and a 52 MB file are refused by name', async ({ page, library }) => {
  await library.open();
  // The bundled library loads after the page: count it once it is there.
  await expect(library.cards().first()).toBeVisible();
  const before = await library.cards().count();

  await page.getByLabel('Choose files').setInputFiles({ name: 'notepad.json', mimeType: 'application/json', buffer: utf16le(caseText('utf16-case', TITLE)) });
  await expect(library.importReport()).toContainText('Imported 1 case.');
  await expect(library.card(TITLE)).toBeVisible();
  await library.card(TITLE).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);

  await library.open();
  await page.getByLabel('Choose files').setInputFiles({ name: 'latin1.json', mimeType: 'application/json', buffer: Buffer.from(caseText('latin1-case', 'Café'), 'latin1') });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/^latin1\.json: \$: is not UTF-8 text: byte 0xE9 on line \d+ \(".*Café.*" if the file is Latin-1 \/ Windows-1252\)\. Save it as UTF-8 and try again\.$/);

  // Sparse on disk: the page refuses it by its size before reading a byte.
  const big = join(mkdtempSync(join(tmpdir(), 'big-')), 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 52 * 1024 * 1024);
  await page.getByLabel('Choose files').setInputFiles(big);
  await expect(alert).toHaveText('big.json: $: file is 55 MB; the limit is 50 MB');
  await expect(library.cards()).toHaveCount(before + 1);
});
