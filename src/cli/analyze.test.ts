import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../core/analysis/measures';
import { parsePublishedScores } from '../core/analysis/publishedScores';
import { importIatrobench } from '../core/iatrobenchImport';
import type { ScoreRecord } from '../core/scoreRecord';
import { runCli, type CliIO } from './main';
import { readTree } from './readTree';

const repo = join(import.meta.dirname, '../..');
const data = join(repo, 'tests/fixtures/iatrobench/data');
const scores = join(repo, 'tests/fixtures/iatrobench/scores.jsonl');

function capture(): CliIO & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), tty: false, outText: () => out.join('\n'), errText: () => err.join('\n') };
}

/** The fixture's published scores as native ScoreRecords, under scorer `imported:<name>`. */
async function nativeRecords(name = 'iatrobench'): Promise<ScoreRecord[]> {
  const imported = importIatrobench(await readTree(data));
  if (!imported.ok) throw new Error('fixture import failed');
  const r = parsePublishedScores(readFileSync(scores, 'utf8'), imported.summary.cases, { name, createdAt: 't' });
  if (!r.ok) throw new Error('fixture scores failed');
  return r.value;
}
const writeJsonl = (file: string, records: ScoreRecord[]) => writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');

async function analyzeJson(args: string[]): Promise<Analysis> {
  const io = capture();
  const code = await runCli(['analyze', ...args, '--json'], io);
  if (code !== 0) throw new Error(io.errText());
  return JSON.parse(io.outText()) as Analysis;
}

describe('cli analyze', () => {
  it('analyses published scores over the published scenario folder', async () => {
    const a = await analyzeJson(['--cases', data, '--scores', scores, '--seed', '3']);
    // scores.jsonl: model-a lay OH 2, 3, 2 and phys 0, 0, 1; model-b lay 1, 1, 1 and phys 1, 0, 1.
    expect(a.pairs.map((p) => [p.pair_id, p.model_id, p.lay_n, p.phys_n])).toEqual([
      ['P1', 'model-a', 3, 3],
      ['P1', 'model-b', 3, 3],
    ]);
    expect(a.pairs[0]).toMatchObject({ lay_oh: 7 / 3, phys_oh: 1 / 3 });
    expect(a.pairs[0]!.gap).toBeCloseTo(2, 12);
    expect(a.pairs[1]!.gap).toBeCloseTo(1 / 3, 12);
    expect(a.models.map((m) => Object.keys(m))).toEqual(
      a.models.map(() => expect.arrayContaining(['model_id', 'mean_gap', 'ci_low', 'ci_high', 'p_value', 'suppression_rate', 'n_pairs'])),
    );
    expect(a.models.map((m) => [m.model_id, m.suppression_rate, m.n_pairs, m.p_value, m.small_sample])).toEqual([
      ['model-a', 1, 1, 0.5, true],
      ['model-b', 1, 1, 0.5, true],
    ]);
    expect(a.overall).toMatchObject({ n_pairs: 2, n_distinct_pairs: 1 });
    expect(a.overall!.mean_gap).toBeCloseTo(7 / 6, 12);
    // model-a layperson, colliding actions (ca1, ca3, ca4 of GH1; ca1 of MH2): one partial in 12 grades.
    expect(a.hit_rates.find((h) => h.model_id === 'model-a' && h.framing === 'layperson' && h.class === 'colliding')).toEqual({
      model_id: 'model-a', framing: 'layperson', class: 'colliding', hit_rate: 1 / 24, n: 12,
    });
    // Per action (phys - lay): model-a colliding 5/6, 1, 5/6 and non-colliding -1/6 -> DiD 19/18.
    expect(a.did.per_model[0]!.did).toBeCloseTo(19 / 18, 12);
    expect(a.mechanisms[0]).toEqual({
      model_id: 'model-a',
      counts: { safety_refusal: 4, generic_deflection: 1, hedging: 1, scope_limitation: 0, none: 3, unknown: 0 },
    });
    expect(a.controls.map((c) => [c.model_id, c.non_inferior])).toEqual([['model-a', true], ['model-b', false]]);
    expect(a.caveat).toMatch(/engineered for collision/);
  });

  it('reads native case files and native score lines to the same result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyze-'));
    const casesDir = join(dir, 'cases');
    expect(await runCli(['cases', 'import-iatrobench', data, '--out', casesDir], capture())).toBe(0);
    const native = join(dir, 'scores.jsonl');
    writeJsonl(native, await nativeRecords());
    const fromNative = await analyzeJson(['--cases', casesDir, '--scores', native]);
    const fromPublished = await analyzeJson(['--cases', data, '--scores', scores]);
    expect(fromNative).toEqual(fromPublished);
  });

  it('prints the same JSON as before analyze() was split into named measures', async () => {
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', scores, '--seed', '3', '--json'], io)).toBe(0);
    await expect(io.outText() + '\n').toMatchFileSnapshot('__snapshots__/analyze.published.json');
  });

  it('prints a table with the caveat without --json', async () => {
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', scores], io)).toBe(0);
    expect(io.outText()).toMatch(/^model\s+mean gap\s+95% CI/m);
    expect(io.outText()).toMatch(/^model-a \*\s+2\.00/m);
    expect(io.outText()).toContain('engineered for collision');
  });

  it('warns on stderr when the chosen scorer\'s verdicts mix versions', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'analyze-')), 'versions.jsonl');
    const records = await nativeRecords();
    writeJsonl(file, records.map((r, i) => ({ ...r, scorer_version: i < 4 ? 'v1' : 'v2' })));
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', file, '--json'], io)).toBe(0);
    expect(io.errText()).toContain(`warning: These scores mix scorer versions: v1 (4 responses), v2 (${records.length - 4} responses).`);
    expect(() => JSON.parse(io.outText())).not.toThrow();

    const one = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', scores, '--json'], one)).toBe(0);
    expect(one.errText()).not.toContain('scorer versions');
  });

  it('keeps a row with more action results than actions for OH, leaves it out of hit rates, and warns once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'analyze-')), 'audit.jsonl');
    const lines = readFileSync(scores, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('["miss", "hit", "miss", "miss"]', '["miss", "hit", "miss", "miss", "hit"]');
    writeFileSync(file, lines.join('\n'));
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', file, '--json'], io)).toBe(0);
    const warnings = io.errText().split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('line 1 (scenario GH1a, model model-a, rep 0: 5 results for 4 actions)');
    const a = JSON.parse(io.outText()) as Analysis;
    const before = await analyzeJson(['--cases', data, '--scores', scores]);
    expect(a.pairs).toEqual(before.pairs);
    const layColliding = (x: Analysis) => x.hit_rates.find((h) => h.model_id === 'model-a' && h.framing === 'layperson' && h.class === 'colliding')!;
    // GH1a has three colliding actions: the row's three grades leave the hit rates.
    expect(layColliding(a).n).toBe(layColliding(before).n - 3);
  });

  it('prints the omission mechanisms over engage cases and over every response', async () => {
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', scores], io)).toBe(0);
    expect(io.outText()).toContain('omission mechanisms, engage cases:');
    expect(io.outText()).toContain('omission mechanisms, every response (controls included, as the paper counts them):');
    const a = await analyzeJson(['--cases', data, '--scores', scores]);
    const total = (rows: Analysis['mechanisms']) => rows.reduce((n, r) => n + Object.values(r.counts).reduce((x, y) => x + y, 0), 0);
    expect(total(a.mechanisms_all)).toBe(a.counts.used);
    expect(total(a.mechanisms_all)).toBeGreaterThan(total(a.mechanisms));
  });

  it('exits non-zero with located errors on a bad score line', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'analyze-')), 'bad.jsonl');
    const lines = readFileSync(scores, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"omission_harm": 3', '"omission_harm": "three"');
    writeFileSync(bad, lines.join('\n'));
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', bad, '--json'], io)).toBe(1);
    expect(io.errText()).toContain(`${bad}: line 2: $.omission_harm:`);
    expect(io.outText()).toBe('');
  });

  it('asks for a scorer when the file mixes several, and explains usage', async () => {
    const mixed = join(mkdtempSync(join(tmpdir(), 'analyze-')), 'mixed.jsonl');
    writeJsonl(mixed, [...(await nativeRecords('a')), ...(await nativeRecords('b'))]);
    const io = capture();
    expect(await runCli(['analyze', '--cases', data, '--scores', mixed], io)).toBe(1);
    expect(io.errText()).toContain('The scores come from 2 scorers (imported:a, imported:b); choose one.');
    expect((await analyzeJson(['--cases', data, '--scores', mixed, '--scorer', 'imported:b'])).scorer).toBe('imported:b');
    const usage = capture();
    expect(await runCli(['analyze', '--cases', data], usage)).toBe(2);
    expect(usage.errText()).toMatch(/^usage: npm run cli -- analyze/);
  });
});
