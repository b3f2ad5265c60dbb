import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCaseFiles } from './caseImport';

const seedText = readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8');
const renamed = (id: string) => JSON.stringify({ ...JSON.parse(seedText), id });
const gh = (name: string) => readFileSync(join(import.meta.dirname, `../../tests/fixtures/iatrobench/data/scenarios/golden_hour/${name}`), 'utf8');

describe('importCaseFiles', () => {
  it('takes native case files and IatroBench files together', () => {
    const r = importCaseFiles([
      { path: 'mine.json', text: renamed('mine') },
      { path: 'GH1a.json', text: gh('GH1a.json') },
      { path: 'GH1b.json', text: gh('GH1b.json') },
    ]);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.cases.map((c) => c.id).sort()).toEqual(['iatrobench-pair-P1', 'mine']);
    expect(r.cases.find((c) => c.id === 'mine')!.source).toEqual({ kind: 'file', file: 'mine.json' });
  });

  it('refuses to overwrite a bundled case and names the file', () => {
    const r = importCaseFiles([{ path: 'x.json', text: seedText }], new Set(['benzodiazepine-supply-gap']));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'x.json', path: '$.id' });
  });

  it('rejects everything when one native file is invalid', () => {
    const bad = JSON.parse(seedText);
    bad.id = 'bad';
    bad.framings = {};
    const r = importCaseFiles([{ path: 'good.json', text: renamed('good') }, { path: 'bad.json', text: JSON.stringify(bad) }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ file: 'bad.json', path: '$.framings' })]);
  });

  it('names the file and the JSON error when a case file is not JSON, rather than finding no scenarios', () => {
    const r = importCaseFiles([{ path: 'mine.json', text: seedText.replace('"framings"', '"framings" oops') }]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.file).toBe('mine.json');
      expect(r.errors[0]!.message).toMatch(/^not valid JSON \(.*oops/);
    }
  });

  it('reads a case file without format_version as a case, and says the field is missing', () => {
    const noVersion = JSON.parse(renamed('mine'));
    delete noVersion.format_version;
    const r = importCaseFiles([{ path: 'mine.json', text: JSON.stringify(noVersion) }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ file: 'mine.json', path: '$.format_version' })]);
  });

  it('an unrelated broken .json beside IatroBench scenarios is skipped, not fatal', () => {
    const r = importCaseFiles([
      { path: 'GH1a.json', text: gh('GH1a.json') },
      { path: 'GH1b.json', text: gh('GH1b.json') },
      { path: 'package-lock.json', text: '{ broken' },
    ]);
    expect(r.ok && r.skipped).toEqual(['package-lock.json']);
  });

  it('native files alone skip other files without complaint', () => {
    const r = importCaseFiles([{ path: 'a.json', text: renamed('a') }, { path: 'notes.txt', text: 'hello' }]);
    expect(r.ok && r.skipped).toEqual(['notes.txt']);
  });

  it('lists every file in the order given with what it held or why it was skipped', () => {
    const r = importCaseFiles([
      { path: 'mine.json', text: renamed('mine') },
      { path: 'GH1a.json', text: gh('GH1a.json') },
      { path: 'package-lock.json', text: '{ broken' },
      { path: 'GH1b.json', text: gh('GH1b.json') },
      { path: 'notes.txt', text: 'hello' },
    ]);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.files.map((f) => [f.path, f.recognised, f.note.replace(/:.*/, '')])).toEqual([
      ['mine.json', true, 'case file'],
      ['GH1a.json', true, 'scenario GH1a (layperson side of pair P1), 4 critical actions'],
      ['package-lock.json', false, 'skipped'],
      ['GH1b.json', true, 'scenario GH1b (physician side of pair P1), 4 critical actions'],
      ['notes.txt', false, 'skipped'],
    ]);
    expect(r.files.find((f) => f.path === 'package-lock.json')!.note).toBe('skipped: not valid JSON');
  });
});
