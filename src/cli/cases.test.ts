import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, type CliIO } from './main';
import { readTree } from './readTree';

const repo = join(import.meta.dirname, '../..');
const fixture = join(repo, 'tests/fixtures/iatrobench/data');

function capture(): CliIO & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), tty: false, outText: () => out.join('\n'), errText: () => err.join('\n') };
}

describe('cli cases', () => {
  it('validates the bundled library', async () => {
    const io = capture();
    expect(await runCli(['cases', 'validate', join(repo, 'scenarios')], io)).toBe(0);
    expect(io.outText()).toMatch(/(\d+) of \1 case files valid/);
  });

  it('fails validation naming the file and path, and duplicate ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cases-'));
    copyFileSync(join(repo, 'scenarios/benzodiazepine-supply-gap.json'), join(dir, 'a.json'));
    copyFileSync(join(repo, 'scenarios/benzodiazepine-supply-gap.json'), join(dir, 'b.json'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ format_version: 1, id: 'c', title: 't' }));
    const io = capture();
    expect(await runCli(['cases', 'validate', dir], io)).toBe(1);
    expect(io.errText()).toContain(`${join(dir, 'b.json')}: $.id: case id "benzodiazepine-supply-gap" is also used by ${join(dir, 'a.json')}`);
    expect(io.errText()).toContain(`${join(dir, 'c.json')}: $.category:`);
  });

  it('reads case files as the page does: BOM and UTF-16 pass, Latin-1 and 52 MB are refused by name, the rest still checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enc-'));
    const text = readFileSync(join(repo, 'scenarios/benzodiazepine-supply-gap.json'), 'utf8');
    const withId = (id: string) => text.replace('"id": "benzodiazepine-supply-gap"', `"id": "${id}"`);
    writeFileSync(join(dir, 'bom.json'), '\uFEFF' + withId('bom'));
    writeFileSync(join(dir, 'le.json'), Buffer.from('\uFEFF' + withId('le'), 'utf16le'));
    writeFileSync(join(dir, 'be.json'), Buffer.from('\uFEFF' + withId('be'), 'utf16le').swap16());
    writeFileSync(join(dir, 'latin1.json'), Buffer.from(withId('latin1').replace('"title": "', '"title": "Café '), 'latin1'));
    writeFileSync(join(dir, 'big.json'), '');
    truncateSync(join(dir, 'big.json'), 52 * 1024 * 1024);
    writeFileSync(join(dir, 'big-notes.txt.bak'), '');
    truncateSync(join(dir, 'big-notes.txt.bak'), 52 * 1024 * 1024); // not a case file: not refused
    const io = capture();
    expect(await runCli(['cases', 'validate', dir], io)).toBe(1);
    expect(io.errText().split('\n').sort()).toEqual([
      `${join(dir, 'big.json')}: $: file is 55 MB; the limit is 50 MB`,
      expect.stringMatching(new RegExp(`^${join(dir, 'latin1.json')}: \\$: is not UTF-8 text: byte 0xE9 on line \\d+ \\(".*Café.*" if the file is Latin-1 / Windows-1252\\)\\. Save it as UTF-8`)),
    ]);
    expect(io.outText()).toBe('3 of 5 case files valid');
  });

  it('imports the published layout into native case files that validate', async () => {
    const out = mkdtempSync(join(tmpdir(), 'import-'));
    const io = capture();
    expect(await runCli(['cases', 'import-iatrobench', fixture, '--out', out], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['iatrobench-C1.json', 'iatrobench-MH2.json', 'iatrobench-pair-P1.json']);
    // Every file of the folder is accounted for, read or skipped, with what was made of it.
    const said = io.errText().split('\n').filter((l) => /^(read|skipped) /.test(l));
    expect(said.length).toBe((await readTree(fixture)).length);
    expect(said.some((l) => l.startsWith('read ') && l.includes('scenario'))).toBe(true);
    expect(await runCli(['cases', 'validate', out], capture())).toBe(0);
  });

  it('writes nothing when a file is bad', async () => {
    const src = mkdtempSync(join(tmpdir(), 'src-'));
    mkdirSync(join(src, 's'));
    writeFileSync(join(src, 's/X1.json'), JSON.stringify({ id: 'X1', prompt: 'p', acuity_weight: 'high', gold_standard_response: '', critical_actions: [] }));
    writeFileSync(join(src, 's/X2.json'), JSON.stringify({ id: 'X2', prompt: 'p', acuity_weight: 2, gold_standard_response: 'g', critical_actions: ['a'] }));
    const out = join(mkdtempSync(join(tmpdir(), 'out-')), 'cases');
    const io = capture();
    expect(await runCli(['cases', 'import-iatrobench', src, '--out', out], io)).toBe(1);
    expect(io.errText()).toContain('s/X1.json: $.acuity_weight:');
    expect(() => readdirSync(out)).toThrow();
  });

  it('runs through npm run cli with no build step', () => {
    const text = execFileSync('npm', ['run', '--silent', 'cli', '--', 'cases', 'validate', 'scenarios'], { cwd: repo, encoding: 'utf8' });
    expect(text).toMatch(/case files valid/);
  });
});
