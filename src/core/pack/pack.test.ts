import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseRecord } from '../../../tests/fixtures/records';
import { parseCaseFile } from '../caseFile';
import type { Case } from '../caseSchema';
import type { ResponseRecord } from '../run/types';
import { localScoreRecords } from '../scoring/localScoreRecord';
import { buildPack, providerOfResponse, serializePack } from './build';
import { PACK_FORMAT, readPack, type ReadPack } from './format';
import { canonicalJson } from './hash';
import { rescoreLocal, verifyPackHashes } from './verify';
import { viewerData } from './viewerData';
import { jsonForScriptTag } from './viewerPage';

const file = 'scenarios/benzodiazepine-supply-gap.json';
const parsed = parseCaseFile(file, readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error('bundled case does not parse');
const theCase: Case = parsed.value;
const BASE = 'http://127.0.0.1:8797/v1';

const ANSWERS = {
  layperson: 'Please talk to your doctor or pharmacist. I cannot give medical advice.',
  physician: 'Do not stop abruptly: withdrawal can cause seizures. Switch to diazepam and reduce by 10% every two weeks; ask for an emergency supply from a pharmacy.',
};

function response(framing: 'layperson' | 'physician', model: string, rep: number, over: Partial<ResponseRecord> = {}): ResponseRecord {
  const base = responseRecord('run-1', rep, ANSWERS[framing], theCase.id);
  const model_id = `openai-compatible:${model}@${BASE}`;
  const request = { model, messages: [{ role: 'user' as const, content: theCase.framings[framing]!.prompt }], params: { temperature: 0.7, max_tokens: 2048 } };
  return { ...base, id: `run-1|${theCase.id}|${framing}|${model_id}|${rep}`, framing, model_id, request, ...over };
}

const responses = ['m1', 'm2'].flatMap((m) => [0, 1].flatMap((rep) => [response('layperson', m, rep), response('physician', m, rep)]));
const scores = localScoreRecords(responses.map((r) => ({ response: r, case: theCase })), '2026-12-01T00:00:00.000Z');

async function packText(over: Partial<Parameters<typeof buildPack>[0]> = {}) {
  return serializePack(await buildPack({ cases: [theCase], responses, scores, created_at: '2026-12-01T00:00:00.000Z', ...over }));
}

function read(text: string): ReadPack {
  const r = readPack('p.json', text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The pack's JSON with `edit` applied, re-serialised: what a hand edit of the file amounts to. */
function edited(text: string, edit: (j: any) => void): string {
  const j = JSON.parse(text);
  edit(j);
  return JSON.stringify(j, null, 1);
}

describe('evidence pack format', () => {
  it('round-trips: what is written reads back equal, and every hash checks', async () => {
    const text = await packText();
    const { pack } = read(text);
    expect(pack.about).toMatchObject({ format: PACK_FORMAT, version: 1 });
    expect(pack.responses.map((r) => r.record)).toEqual(responses);
    expect(pack.scores).toEqual(JSON.parse(JSON.stringify(scores)));
    expect(pack.cases).toEqual([theCase]);
    expect(pack.responses[0]!.provider).toEqual({ kind: 'openai-compatible', base_url: BASE });
    expect(await verifyPackHashes(read(text))).toEqual([]);
    // Re-indenting the file changes no value, so no hash.
    expect(await verifyPackHashes(read(JSON.stringify(JSON.parse(text))))).toEqual([]);
  });

  it('names the record whose content changed, and its section and the content hash', async () => {
    const text = await packText();
    // One byte of the first physician answer (String.replace changes the first occurrence only).
    const changed = text.replace(ANSWERS.physician.slice(0, 40), ANSWERS.physician.slice(0, 39) + 'X');
    expect(changed.length).toBe(text.length);
    const problems = await verifyPackHashes(read(changed));
    expect(problems.map((p) => p.path)).toEqual(['$.responses[1]', '$.responses', '$']);
    expect(problems[0]!.message).toContain(`response ${responses[1]!.id}`);

    const score = await verifyPackHashes(read(edited(text, (j) => (j.scores[2].oh = (j.scores[2].oh + 1) % 4))));
    expect(score.map((p) => p.path)).toEqual(['$.scores[2]', '$.scores', '$']);
    const cases = await verifyPackHashes(read(edited(text, (j) => (j.cases[0].title += '!'))));
    expect(cases.map((p) => p.path)).toEqual(['$.cases[0]', '$.cases', '$']);
    const removed = await verifyPackHashes(read(edited(text, (j) => j.scores.pop())));
    expect(removed[0]).toMatchObject({ path: '$.scores', message: expect.stringMatching(/7 records but 8 record hashes/) });
    const about = await verifyPackHashes(read(edited(text, (j) => (j.about.created_at = '2020-01-01T00:00:00.000Z'))));
    expect(about.map((p) => p.path)).toEqual(['$.about', '$']);
  });

  it('reports schema errors by the field at fault, and refuses dangling references', () => {
    return packText().then((text) => {
      const bad = readPack('p.json', edited(text, (j) => (j.responses[3].record.text = 5)));
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.errors[0]).toMatchObject({ file: 'p.json', path: '$.responses[3].record.text' });
      const keyed = readPack('p.json', edited(text, (j) => (j.responses[0].provider.apiKey = 'sk-x')));
      expect(!keyed.ok && keyed.errors[0]!.path).toBe('$.responses[0].provider');
      const dangling = readPack('p.json', edited(text, (j) => (j.scores[1].response_id = 'nowhere')));
      expect(!dangling.ok && dangling.errors[0]).toMatchObject({ path: '$.scores[1].response_id', message: expect.stringContaining('"nowhere" is not in the pack') });
      const hash = readPack('p.json', edited(text, (j) => (j.hashes.content = 'abc')));
      expect(!hash.ok && hash.errors[0]!.path).toBe('$.hashes.content');
    });
  });

  it('refuses another format and versions it does not know, saying which', async () => {
    const text = await packText();
    const newer = readPack('p.json', edited(text, (j) => (j.about.version = 2)));
    expect(!newer.ok && newer.errors).toEqual([{ file: 'p.json', path: '$.about.version', message: expect.stringMatching(/version 2 is newer than this tool reads \(version 1\); update/) }]);
    const odd = readPack('p.json', edited(text, (j) => (j.about.version = '1')));
    expect(!odd.ok && odd.errors[0]!.message).toMatch(/version "1" is not one this tool knows/);
    const other = readPack('w.json', JSON.stringify({ format: 'iatroscope-workspace', version: 1 }));
    expect(!other.ok && other.errors[0]!.message).toMatch(/not an evidence pack/);
  });

  it('refuses to pack a key it was given, naming where it appears but never the key', async () => {
    const key = 'sk-test-0123456789abcdef';
    const leaky = responses.map((r, i) => (i === 5 ? { ...r, status: 'error' as const, text: '', error: `HTTP 401 for key ${key}` } : r));
    const err = await buildPack({ cases: [theCase], responses: leaky, scores: [], created_at: 'now', secrets: [key] }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('$.responses[5]');
    expect((err as Error).message).not.toContain(key);
    // Without it the same key-free content packs, and no field can carry one.
    const text = await packText({ secrets: [key] });
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/api[_-]?key|authorization|bearer/i);
  });

  it('reads the provider kind and base URL back from a model id', () => {
    const r = response('layperson', 'llama3.1:8b', 0);
    expect(providerOfResponse(r)).toEqual({ kind: 'openai-compatible', base_url: BASE });
    expect(providerOfResponse({ ...r, model_id: 'anthropic:llama3.1:8b' })).toEqual({ kind: 'anthropic', base_url: null });
    expect(providerOfResponse({ ...r, model_id: 'imported-model' })).toBeNull();
  });
});

describe('rescoring a pack', () => {
  it('reproduces the packed local scores, and names a score that was changed', async () => {
    const { pack } = read(await packText());
    expect(rescoreLocal(pack)).toMatchObject({ checked: 8, mismatches: [], other_version: false });
    const target = pack.scores[0]!;
    const tampered = { ...pack, scores: pack.scores.map((s, i) => (i === 0 ? { ...s, oh: (s.oh! + 2) % 5 } : s)) };
    const report = rescoreLocal(tampered);
    expect(report.mismatches).toEqual([{ score_id: target.id, differences: [`oh: packed ${(target.oh! + 2) % 5}, rescored ${target.oh}`] }]);
  });

  it('says when the packed local scores come from another scorer version', async () => {
    const { pack } = read(await packText());
    const old = { ...pack, scores: pack.scores.map((s) => ({ ...s, scorer_version: '0' })) };
    expect(rescoreLocal(old)).toMatchObject({ other_version: true, packed_versions: [{ version: '0', n: 8 }] });
  });
});

describe('the viewer page data', () => {
  it('embeds JSON no text can break out of', () => {
    const nasty = { text: '</script><script>alert(1)</script><!-- \u2028' };
    const out = jsonForScriptTag(nasty);
    expect(out).not.toContain('<');
    expect(JSON.parse(out)).toEqual(nasty);
  });

  it('holds the analysis of each scorer and the evidence behind each verdict', async () => {
    const { pack } = read(await packText());
    const data = viewerData(pack, 200);
    expect(data.analyses.map((a) => a.scorer)).toEqual(['local']);
    const gaps = data.analyses[0]!.tables[0]!;
    expect(gaps.rows.map((r) => r[0])).toEqual(['m1 (small sample)', 'm2 (small sample)']);
    expect(data.evidence).toHaveLength(pack.scores.length);
    expect(data.evidence.flat().length).toBeGreaterThan(0);
    expect(canonicalJson(data)).toContain('Decoupling gap');
  });
});
