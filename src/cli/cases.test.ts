import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, type CliIO } from './main';

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

  it('imports the published layout into native case files that validate', async () => {
    const out = mkdtempSync(join(tmpdir(), 'import-'));
    const io = capture();
    expect(await runCli(['cases', 'import-iatrobench', fixture, '--out', out], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['iatrobench-C1.json', 'iatrobench-MH2.json', 'iatrobench-pair-P1.json']);
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
