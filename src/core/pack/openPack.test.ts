import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseRecord } from '../../../tests/fixtures/records';
import { parseCaseFile } from '../caseFile';
import type { ResponseRecord } from '../run/types';
import { runSpecSchema } from '../run/types';
import { runRowSchema } from '../workspaceFormat';
import { localScoreRecords } from '../scoring/localScoreRecord';
import { buildPack, serializePack } from './build';
import { readPack } from './format';
import { checkPackFile, runRowsOfPack } from './openPack';

const parsed = parseCaseFile('c.json', readFileSync('scenarios/benzodiazepine-supply-gap.json', 'utf8'));
if (!parsed.ok) throw new Error('bundled case does not parse');
const theCase = parsed.value;
const BASE = 'http://127.0.0.1:8797/v1';

function response(run: string, framing: 'layperson' | 'physician', model: string, rep: number, text: string): ResponseRecord {
  const model_id = `openai-compatible:${model}@${BASE}`;
  const request = { model, messages: [{ role: 'user' as const, content: theCase.framings[framing]!.prompt }], params: { temperature: 0.3, max_tokens: 512 } };
  const base = responseRecord(run, rep, text, theCase.id);
  return { ...base, id: `${run}|${theCase.id}|${framing}|${model_id}|${rep}`, framing, model_id, request, started_at: `2026-11-0${rep + 1}T00:00:00.000Z` };
}

const responses = [
  ...[0, 1, 2].flatMap((rep) => [response('run-a', 'layperson', 'm1', rep, 'Please see your doctor.'), response('run-a', 'physician', 'm1', rep, 'Do not stop abruptly.')]),
  response('run-b', 'physician', 'm2', 0, 'Switch to diazepam.'),
];
const scores = localScoreRecords(responses.map((r) => ({ response: r, case: theCase })), '2026-12-01T00:00:00.000Z');
const text = serializePack(await buildPack({ cases: [theCase], responses, scores, created_at: '2026-12-01T00:00:00.000Z' }));

describe('checkPackFile', () => {
  it('opens a pack whose hashes all match', async () => {
    const c = await checkPackFile('p.json', text);
    expect(c.ok && c.read.pack.responses.length).toBe(7);
  });

  it('refuses a pack with one byte of a response changed, naming the record and its id', async () => {
    const j = JSON.parse(text);
    j.responses[3].record.text = j.responses[3].record.text.replace('D', 'd');
    const c = await checkPackFile('p.json', JSON.stringify(j, null, 1));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.problems).toContain(`p.json: $.responses[3]: hash does not match: this record (response ${responses[3]!.id}) was changed`);
    expect(c.problems).toContain('p.json: $: content hash does not match');
  });

  it('refuses a file that is not a pack, naming the field', async () => {
    const c = await checkPackFile('w.json', JSON.stringify({ format: 'iatroscope-workspace' }));
    expect(c).toEqual({ ok: false, problems: ['w.json: $.about.format: not an evidence pack (expected "iatroscope-evidence-pack")'] });
  });
});

describe('runRowsOfPack', () => {
  const r = readPack('p.json', text);
  if (!r.ok) throw new Error('pack does not read');
  const runs = runRowsOfPack(r.value.pack, 'p.json');

  it('rebuilds each run from its responses, as a valid completed run', () => {
    expect(runs.map((x) => x.id)).toEqual(['run-a', 'run-b']);
    for (const x of runs) expect(runRowSchema.parse(x)).toEqual(x);
    const a = runs[0]!;
    expect(a).toMatchObject({ state: 'completed', error: null, created_at: '2026-11-01T00:00:00.000Z' });
    expect(a.spec).toMatchObject({ name: 'run-a (from p.json)', case_ids: [theCase.id], framings: ['layperson', 'physician'], reps: 3, params: { temperature: 0.3, max_tokens: 512 } });
    expect(a.spec.models).toEqual([{ model_id: `openai-compatible:m1@${BASE}`, model: 'm1', provider: { kind: 'openai-compatible', baseUrl: BASE } }]);
    expect(runSpecSchema.parse(runs[1]!.spec)).toMatchObject({ framings: ['physician'], reps: 1, models: [{ model: 'm2' }] });
  });
});
