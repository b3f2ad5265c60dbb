import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../cli/readTree';
import { readFileList } from '../ui/readFiles';
import { MAX_FILE_BYTES } from './fileLimits';
import { decodeText, readTextFile } from './textFile';

const caseJson = '{"title": "Café au lait: naïve señor", "note": "≥ 5 mg"}';
const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, order: 'le' | 'be'): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.set(order === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff], 2 + i * 2);
  }
  return out;
}
/** Latin-1 is one byte per character for everything in caseJson but '≥', which it cannot hold. */
const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeText(utf8(caseJson))).toEqual({ ok: true, text: caseJson });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(caseJson)]))).toEqual({ ok: true, text: caseJson });
    expect(decodeText(new Uint8Array())).toEqual({ ok: true, text: '' });
  });

  it('reads UTF-16 LE and BE by their byte-order mark', () => {
    expect(decodeText(utf16(caseJson, 'le'))).toEqual({ ok: true, text: caseJson });
    expect(decodeText(utf16(caseJson, 'be'))).toEqual({ ok: true, text: caseJson });
    expect(decodeText(utf16(caseJson, 'le').subarray(0, 9))).toMatchObject({ ok: false, message: /UTF-16 LE byte-order mark but is not valid UTF-16/ });
  });

  it('refuses Latin-1 instead of storing replacement characters, pointing at the line and the word', () => {
    const r = decodeText(latin1('{\n  "title": "Café au lait"\n}'));
    expect(r).toEqual({
      ok: false,
      message: 'is not UTF-8 text: byte 0xE9 on line 2 ("{ "title": "Café au lait" }" if the file is Latin-1 / Windows-1252). Save it as UTF-8 and try again.',
    });
  });

  it('refuses UTF-16 without a byte-order mark (NUL bytes)', () => {
    expect(decodeText(utf16('{"a":1}', 'le').subarray(2))).toMatchObject({ ok: false, message: /NUL bytes: it is UTF-16 without a byte-order mark/ });
  });
});

describe('readTextFile', () => {
  const bytesOf = (b: Uint8Array) => async () => b;

  it('refuses a file over the limit without reading it, naming the file and the limit', async () => {
    let read = false;
    const r = await readTextFile('cases/big.json', 52 * 1024 * 1024, async () => ((read = true), new Uint8Array()));
    expect(r).toEqual({ ok: false, errors: [{ file: 'cases/big.json', path: '$', message: 'file is 55 MB; the limit is 50 MB' }] });
    expect(read).toBe(false);
  });

  it('names the data file it refuses, and passes a file no importer reads as empty text', async () => {
    const bad = latin1('{"title": "Café"}');
    expect(await readTextFile('cases/a.json', bad.length, bytesOf(bad))).toMatchObject({ ok: false, errors: [{ file: 'cases/a.json', path: '$', message: /^is not UTF-8 text: byte 0xE9 on line 1/ }] });
    const picture = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(await readTextFile('data/figure.png', picture.length, bytesOf(picture))).toEqual({ ok: true, value: { path: 'data/figure.png', text: '' } });
  });
});

describe('the page and the CLI read files alike', () => {
  const samples: [string, Uint8Array<ArrayBuffer>][] = [
    ['bom.json', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(caseJson)])],
    ['le.json', utf16(caseJson, 'le')],
    ['be.json', utf16(caseJson, 'be')],
    ['latin1.json', latin1('{"title": "Café"}')],
    ['nul.jsonl', utf16('{"a":1}', 'le').subarray(2)],
  ];

  it('gives the same text, or the same refusal naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'textfile-'));
    for (const [name, bytes] of samples) {
      writeFileSync(join(dir, name), bytes);
      const outcome = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: Error) => ({ error: e.message }));
      const page = await outcome(readFileList([new File([bytes], name)]));
      const cli = await outcome(readTree(join(dir, name), dir));
      expect(cli).toEqual(page);
      if (name.endsWith('.json') && !name.startsWith('latin1')) expect(page).toEqual({ value: [{ path: name, text: caseJson }] });
      else expect(page).toEqual({ error: expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')}: \\$: (is not UTF-8|holds NUL)`)) });
    }
  });

  it('refuses a 52 MB file in both, naming the file and the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'textfile-'));
    const size = 52 * 1024 * 1024;
    writeFileSync(join(dir, 'big.json'), '');
    truncateSync(join(dir, 'big.json'), size); // sparse: the limit is checked before anything is read
    const message = `big.json: $: file is 55 MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB`;
    await expect(readTree(join(dir, 'big.json'), dir)).rejects.toThrow(message);
    await expect(readFileList([new File([new Uint8Array(size)], 'big.json')])).rejects.toThrow(message);
  });
});
