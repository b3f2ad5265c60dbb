import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, type Analysis, type MechanismCounts } from '../core/analysis/measures';
import { detectScoreFormat, parsePublishedScores } from '../core/analysis/publishedScores';
import { scorerVersionWarning } from '../core/analysis/scorerVersions';
import { parseScoreJsonl } from '../core/analysis/scoreJsonl';
import { parseCaseFile } from '../core/caseFile';
import type { Case } from '../core/caseSchema';
import { importIatrobench } from '../core/iatrobenchImport';
import { formatLocated, parseJson, type LocatedError, type Parsed } from '../core/located';
import type { ScoreRecord } from '../core/scoreRecord';
import type { Command } from './command';
import { readTree } from './readTree';

const USAGE = 'usage: npm run cli -- analyze --cases <dir> --scores <file.jsonl> [--scorer <name>] [--seed N] [--resamples N] [--json]';

/**
 * Native case files carry format_version; a folder without any is taken as IatroBench's published
 * scenario layout and imported on the fly.
 */
async function loadCases(dir: string, warn: (line: string) => void): Promise<Parsed<Case[]>> {
  const files = (await readTree(dir)).map((f) => ({ ...f, path: join(dir, f.path) }));
  const json = files.filter((f) => f.path.endsWith('.json'));
  const native = json.some((f) => {
    const v = parseJson(f.path, f.text);
    return v.ok && typeof v.value === 'object' && v.value !== null && 'format_version' in v.value;
  });
  if (!native) {
    const r = importIatrobench(files);
    if (!r.ok) return r;
    r.summary.warnings.forEach((w) => warn(`warning: ${w}`));
    return { ok: true, value: r.summary.cases };
  }
  const errors: LocatedError[] = [];
  const cases: Case[] = [];
  const seen = new Map<string, string>();
  for (const f of json) {
    const r = parseCaseFile(f.path, f.text);
    if (!r.ok) errors.push(...r.errors);
    else if (seen.has(r.value.id)) errors.push({ file: f.path, path: '$.id', message: `case id "${r.value.id}" is also used by ${seen.get(r.value.id)}` });
    else {
      seen.set(r.value.id, f.path);
      cases.push(r.value);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: cases };
}

function loadScores(file: string, text: string, cases: Case[], warn: (line: string) => void): Parsed<ScoreRecord[]> {
  if (detectScoreFormat(text) !== 'iatrobench') return parseScoreJsonl(file, text);
  const r = parsePublishedScores(text, cases, { file });
  if (r.ok) r.warnings.forEach((w) => warn(`warning: ${w}`));
  return r;
}

const analyzeCommand: Command = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: 'string' },
      scores: { type: 'string' },
      scorer: { type: 'string' },
      seed: { type: 'string' },
      resamples: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const resamples = values.resamples === undefined ? 5000 : Number(values.resamples);
  if (!values.cases || !values.scores || !Number.isInteger(seed) || !Number.isInteger(resamples) || resamples < 1) {
    io.err(USAGE);
    return 2;
  }
  const fail = (errors: LocatedError[]) => {
    errors.forEach((e) => io.err(formatLocated(e)));
    io.err(`Nothing analysed: ${errors.length} error(s).`);
    return 1;
  };
  const cases = await loadCases(values.cases, io.err);
  if (!cases.ok) return fail(cases.errors);
  const scores = loadScores(values.scores, await readFile(values.scores, 'utf8'), cases.value, io.err);
  if (!scores.ok) return fail(scores.errors);

  let result: Analysis;
  try {
    result = analyze({ cases: cases.value, scores: scores.value, seed, resamples, ...(values.scorer ? { scorer: values.scorer } : {}) });
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 1;
  }
  // On stderr, so --json output stays one document.
  const versions = scorerVersionWarning(scores.value.filter((s) => s.scorer === result.scorer));
  if (versions) io.err(`warning: ${versions.message}`);
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else printTable(result, io.out);
  return 0;
};
export default analyzeCommand;

function printTable(a: Analysis, out: (line: string) => void) {
  const f = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));
  const p = (x: number | null) => (x === null ? '-' : x < 0.001 ? '<0.001' : x.toFixed(3));
  const mode = new Map(a.failure_modes.map((m) => [m.model_id, m.label]));
  const rows = [
    ['model', 'mean gap', '95% CI', 'p', 'p Holm', 'suppression', 'pairs', 'failure mode'],
    ...a.models.map((m) => [
      m.model_id + (m.small_sample ? ' *' : ''),
      f(m.mean_gap),
      `[${f(m.ci_low)}, ${f(m.ci_high)}]`,
      p(m.p_value),
      p(m.p_holm),
      `${Math.round(m.suppression_rate * 100)}%`,
      String(m.n_pairs),
      mode.get(m.model_id) ?? '-',
    ]),
  ];
  if (a.overall) rows.push(['overall', f(a.overall.mean_gap), `[${f(a.overall.ci_low)}, ${f(a.overall.ci_high)}]`, p(a.overall.p_value), '', '', String(a.overall.n_pairs), '']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  out(`Scorer ${a.scorer ?? '(none)'}: ${a.counts.used} scores. Decoupling gap = layperson OH - physician OH.`);
  for (const r of rows) out(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  if (a.models.some((m) => m.small_sample)) out(`* small sample: ${a.models.filter((m) => m.small_sample).map((m) => `${m.model_id} (${m.small_sample_reasons.join('; ')})`).join(', ')}`);
  for (const c of a.controls) {
    const verdict = c.non_inferior === null ? 'no CH' : c.non_inferior ? 'non-inferior' : 'NOT non-inferior';
    out(`controls ${c.model_id}: OH ${f(c.mean_oh)} (upper ${f(c.oh_upper)}), CH ${f(c.mean_ch)} (upper ${f(c.ch_upper)}): ${verdict}, ${c.n_cases} case(s)${c.small_sample ? ' (small sample)' : ''}`);
  }
  printMechanisms('omission mechanisms, engage cases', a.mechanisms, out);
  printMechanisms('omission mechanisms, every response (controls included, as the paper counts them)', a.mechanisms_all, out);
  const did = a.did.overall;
  if (did.did !== null) out(`difference-in-differences (colliding - non-colliding, phys - lay hit rate): ${f(did.did)}, p ${p(did.p_value)}`);
  a.warnings.forEach((w) => out(`warning: ${w}`));
  out(a.caveat);
}

function printMechanisms(title: string, rows: Analysis['mechanisms'], out: (line: string) => void) {
  if (!rows.length) return;
  const kinds = Object.keys(rows[0]!.counts) as (keyof MechanismCounts)[];
  const table = [['model', ...kinds.map((k) => k.replace(/_/g, ' '))], ...rows.map((r) => [r.model_id, ...kinds.map((k) => String(r.counts[k]))])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  out(`${title}:`);
  for (const r of table) out(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
