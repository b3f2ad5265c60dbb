import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../tests/providerServer/server';
import type { ResponseRecord } from '../core/run/types';
import { scoreRecordSchema, type ScoreRecord } from '../core/scoreRecord';
import { LOCAL_SCORER_VERSION } from '../core/scoring/version';
import { runCli, type CliIO } from './main';

let server: ProviderServer;
let dir: string;
let casesDir: string;
let responsesFile: string;

function io() {
  const lines: string[] = [];
  const cli: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  return { cli, lines };
}

const read = async (file: string) =>
  (await readFile(file, 'utf8')).trim().split('\n').map((l) => scoreRecordSchema.parse(JSON.parse(l)) as ScoreRecord);
const requests = () => server.stats().requests['/v1/chat/completions'] ?? 0;

beforeAll(async () => {
  server = await startProviderServer();
  dir = await mkdtemp(join(tmpdir(), 'iatroscope-score-'));
  casesDir = join(dir, 'cases');
  await mkdir(casesDir);
  await copyFile(new URL('../../scenarios/benzodiazepine-supply-gap.json', import.meta.url), join(casesDir, 'benzo.json'));
  responsesFile = join(dir, 'responses.jsonl');
  const { cli } = io();
  const args = ['run', '--cases', casesDir, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model'];
  expect(await runCli([...args, '--out', responsesFile], cli)).toBe(0);
  // One filtered and one unanswered response besides the two answered ones.
  const [first] = (await readFile(responsesFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ResponseRecord);
  const variant = (rep: number, over: Partial<ResponseRecord>) =>
    JSON.stringify({ ...first!, ...over, rep, id: first!.id.replace(/\|0$/, `|${rep}`) }) + '\n';
  await appendFile(responsesFile, variant(1, { text: '', status: 'filtered', finish_reason: 'content_filter' }));
  await appendFile(responsesFile, variant(2, { text: '', status: 'error', finish_reason: 'error', error: 'HTTP 500' }));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

async function score(out: string, extra: string[] = []) {
  const { cli, lines } = io();
  const code = await runCli(['score', '--cases', casesDir, '--in', responsesFile, '--out', out, ...extra], cli);
  return { code, lines };
}

const judgeArgs = (protocol: string) => ['--judge', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model', '--protocol', protocol];

describe('cli score', () => {
  it('scores every answered response locally, once, and survives a cut last line', async () => {
    const out = join(dir, 'local.jsonl');
    const first = await score(out);
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatch(/local wrote 3 scores; 1 without an answer/);
    const scores = await read(out);
    expect(scores.map((s) => [s.framing, s.rep, s.scorer_kind])).toEqual([
      ['layperson', 0, 'local'],
      ['physician', 0, 'local'],
      ['layperson', 1, 'local'],
    ]);
    expect(scores[2]).toMatchObject({ filtered: true, response_class: 'empty_or_filtered', oh: 4 });
    expect(scores.every((s) => s.scorer_version === LOCAL_SCORER_VERSION)).toBe(true);

    await appendFile(out, '{"id":"local|run-'); // a write cut short by a crash
    const again = await score(out);
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatch(/wrote 0 scores; 3 already scored/);
    expect(await read(out)).toHaveLength(3);
  });

  it('resumes a score file written before verdicts carried a version, reading its verdicts as version 1', async () => {
    const out = join(dir, 'old-local.jsonl');
    expect((await score(out)).code).toBe(0);
    const old = (await readFile(out, 'utf8')).trim().split('\n').map((l) => {
      const { scorer_version: _none, ...rest } = JSON.parse(l) as ScoreRecord;
      return JSON.stringify(rest);
    });
    await writeFile(out, old.join('\n') + '\n');
    const again = await score(out);
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatch(/wrote 0 scores; 3 already scored/);
    expect((await read(out)).map((s) => s.scorer_version)).toEqual(['1', '1', '1']);
  });

  it('judges through the provider, counts an unparseable verdict, and resumes without asking again', async () => {
    const out = join(dir, 'judged.jsonl');
    const responses = (await readFile(responsesFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ResponseRecord);
    const lay = responses.find((r) => r.framing === 'layperson' && r.status === 'ok')!;
    server.control({
      answers: [
        { match: lay.text, text: 'Grading:\n{"commission_harm": 0, "omission_harm": 1, "ttt": 5, "omission_reason": "buried"}' },
        { text: 'OH: 2, CH: 0' },
      ],
    });
    const first = await score(out, judgeArgs('single'));
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatch(/judge_single:openai-compatible:test-model@.* wrote 3 scores; 1 without an answer \(not scored\), 1 empty or filtered \(OH 4 by rule\), 1 unparseable verdicts .*\(completed\)/);
    expect(requests()).toBe(2);
    const scores = await read(out);
    expect(scores.find((s) => s.response_id === lay.id)).toMatchObject({ scorer_kind: 'judge_single', oh: 1, ch: 0, ttt: 5, parse_error: null });
    expect(scores.find((s) => s.framing === 'physician')).toMatchObject({ oh: null, parse_error: expect.stringContaining('JSON object') });

    const again = await score(out, judgeArgs('single'));
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatch(/wrote 0 scores; 2 already scored/);
    expect(requests()).toBe(2);
    expect(await read(out)).toHaveLength(3);

    // Another protocol is another scorer: same file, its own verdicts.
    server.control({ answers: [{ text: 'not json' }] });
    expect((await score(out, judgeArgs('structured'))).code).toBe(0);
    const all = await read(out);
    expect(all).toHaveLength(6);
    expect(new Set(all.map((s) => s.id)).size).toBe(6);
  });

  it('explains bad arguments and responses to unknown cases', async () => {
    const out = join(dir, 'bad.jsonl');
    const noProtocol = await score(out, judgeArgs('single').slice(0, -2));
    expect(noProtocol.code).toBe(2);
    expect(noProtocol.lines[0]).toMatch(/--protocol must be one of single, structured/);
    expect((await score(out, ['--model', 'x'])).lines[0]).toMatch(/--model applies only with --judge/);

    const other = join(dir, 'other.jsonl');
    await writeFile(other, (await readFile(responsesFile, 'utf8')).replaceAll('benzodiazepine-supply-gap', 'nope'));
    const { cli, lines } = io();
    expect(await runCli(['score', '--cases', casesDir, '--in', other, '--out', out], cli)).toBe(1);
    expect(lines[0]).toMatch(/case\(s\) not in .*: nope/);

    await writeFile(other, '{"id": 1}\n');
    const r = io();
    expect(await runCli(['score', '--cases', casesDir, '--in', other, '--out', out], r.cli)).toBe(1);
    expect(r.lines[0]).toContain(`${other}:1: `);
  });
});
