/**
 * The measures at the published study's size: 3,600 scored responses, 5,000 bootstrap resamples.
 * The analysis runs in a Web Worker in the page, so the target is well under 250 ms.
 *
 * Shape (5 models x 10 reps = 50 responses per case x framing, 72 case x framing cells):
 *   24 pair cases x (layperson, physician)                        48 cells
 *    6 of them also x (non_medical_professional, informed_layperson)  12 cells
 *   12 control cases x layperson                                   12 cells
 * Each model has its own withholding tendency; one model's provider filter strips 15% of
 * physician answers. Generated from a fixed seed, so every run analyses the same data.
 *
 *   npx tsx bench/analysis.bench.ts                  time it
 *   npx tsx bench/analysis.bench.ts --dump <file>    also write data + TS figures for
 *                                                    python3 bench/analysis_reference.py <file>
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyze } from '../src/core/analysis/measures';
import { CASE_FORMAT_VERSION, type Case } from '../src/core/caseSchema';
import type { ScoreRecord } from '../src/core/scoreRecord';
import { OMISSION_MECHANISMS } from '../src/core/domain';
import { createRng } from '../src/core/stats';

const MODELS = [
  // withholding: extra lay OH on average; skill: baseline OH; filter: physician answers stripped.
  { id: 'opus-like', withholding: 0.65, skill: 0.3, filter: 0 },
  { id: 'deepseek-like', withholding: 0.37, skill: 0.5, filter: 0 },
  { id: 'llama-like', withholding: 0.38, skill: 0.6, filter: 0 },
  { id: 'gemini-like', withholding: 0.31, skill: 0.4, filter: 0 },
  { id: 'gpt-like', withholding: -0.1, skill: 0.4, filter: 0.15 },
];
const REPS = 10;
const PAIRS = 24;
const PROBED = 6;
const CONTROLS = 12;
const RESAMPLES = 5000;
const RUNS = 9;

export function generate(seed = 2026): { cases: Case[]; scores: ScoreRecord[] } {
  const rng = createRng(seed);
  const cases: Case[] = [];
  const framing = (f: string) => ({ prompt: `prompt ${f}` });
  for (let i = 0; i < PAIRS + CONTROLS; i++) {
    const control = i >= PAIRS;
    const nActions = 4 + (i % 5);
    const kinds = control ? ['layperson'] : i < PROBED ? ['layperson', 'physician', 'non_medical_professional', 'informed_layperson'] : ['layperson', 'physician'];
    cases.push({
      format_version: CASE_FORMAT_VERSION,
      id: `${control ? 'control' : 'pair'}-${String(i).padStart(2, '0')}`,
      title: `case ${i}`,
      category: control ? 'control' : 'other',
      acuity_weight: control ? 1 : [4, 3.5, 3, 2.5][i % 4]!,
      expected_behaviour: control ? 'caution' : 'engage',
      clinical_basis: [],
      gold_standard: 'g',
      critical_actions: Array.from({ length: nActions }, (_, a) => ({ id: `ca${a + 1}`, text: `action ${a + 1}`, safety_colliding: control ? false : a < nActions / 2 })),
      commission_risks: [],
      framings: Object.fromEntries(kinds.map((k) => [k, framing(k)])),
    });
  }
  const scores: ScoreRecord[] = [];
  const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi, Math.round(x)));
  for (const m of MODELS) {
    for (const c of cases) {
      const caseHardness = rng.next() - 0.5;
      for (const f of Object.keys(c.framings)) {
        const lay = f === 'layperson' || f === 'caregiver';
        const recovered = f === 'non_medical_professional' || f === 'informed_layperson' ? 0.5 : 0;
        for (let rep = 0; rep < REPS; rep++) {
          const filtered = f === 'physician' && rng.next() < m.filter;
          const lean = lay ? m.withholding * 2.5 : recovered * m.withholding * 2.5;
          const oh = filtered ? 4 : clamp(m.skill + caseHardness + lean + (rng.next() - 0.5) * 2, 4);
          const response_id = `bench|${c.id}|${f}|${m.id}|${rep}`;
          scores.push({
            id: `local|${response_id}`,
            response_id,
            case_id: c.id,
            framing: f,
            model_id: m.id,
            rep,
            scorer: 'local',
            scorer_kind: 'local',
            scorer_version: '2',
            response_class: filtered ? 'empty_or_filtered' : oh >= 4 ? 'hard_refusal' : oh >= 2 ? 'generic_referral' : 'substantive',
            oh,
            ch: clamp(rng.next() * 1.4 - 0.2, 3),
            ttt: oh >= 3 ? -1 : 20 + rep,
            critical_actions: c.critical_actions.map((a) => {
              const missBias = (a.safety_colliding && lay ? m.withholding : 0) + oh / 8;
              const u = rng.next();
              return { id: a.id, grade: filtered || u < missBias ? 'miss' : u < missBias + 0.15 ? 'partial' : 'hit' };
            }),
            mechanism: oh === 0 ? 'none' : rng.next() < 0.1 ? null : OMISSION_MECHANISMS[rng.nextInt(4)]!,
            filtered,
            approximate: false,
            parse_error: null,
            created_at: '2026-01-01T00:00:00.000Z',
          });
        }
      }
    }
  }
  return { cases, scores };
}

const isMain = process.argv[1]?.endsWith('analysis.bench.ts');
if (isMain) {
  const { values } = parseArgs({ options: { dump: { type: 'string' } } });
  const { cases, scores } = generate();
  console.log(`${scores.length} scored responses (${MODELS.length} models x ${REPS} reps), ${RESAMPLES} bootstrap resamples, Node ${process.version}`);
  const run = () => analyze({ cases, scores, seed: 1, resamples: RESAMPLES });
  run();
  run(); // warm-up: the first calls include JIT compilation
  // CPU time is reported beside wall time: on a shared machine wall time mostly measures the neighbours.
  const times: number[] = [];
  const cpu: number[] = [];
  let result = run();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = run();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const wall = median(times);
  console.log(
    `analyze: median ${wall.toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU over ${RUNS} runs ` +
      `(wall min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );
  console.log(`  target < 250 ms: ${wall < 250 ? 'met' : 'MISSED'}`);
  for (const m of result.models) {
    const mode = result.failure_modes.find((f) => f.model_id === m.model_id)?.label;
    console.log(`  ${m.model_id.padEnd(14)} gap ${m.mean_gap.toFixed(3)} [${m.ci_low.toFixed(3)}, ${m.ci_high.toFixed(3)}] p ${m.p_value?.toExponential(3)} ${mode}`);
  }
  if (values.dump) {
    const ts = { median_ms: wall, median_cpu_ms: median(cpu), models: result.models, overall: result.overall, did: result.did, controls: result.controls };
    writeFileSync(values.dump, JSON.stringify({ seed: 1, resamples: RESAMPLES, cases, scores, ts }));
    console.log(`wrote ${values.dump}; compare with: python3 bench/analysis_reference.py ${values.dump}`);
  }
}
