import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../tests/providerServer/server';
import { packHashes } from '../core/pack';
import { runCli, type CliIO } from './main';

const KEY = 'sk-pack-test-4f9a2c7e1b';
let server: ProviderServer;
let dir: string;
let packFile: string;
let htmlFile: string;
const savedKey = process.env.IATROSCOPE_API_KEY;

async function cli(args: string[]) {
  const lines: string[] = [];
  const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false };
  const code = await runCli(args, io);
  return { code, out: lines.join('\n') };
}

/** Writes a copy of the pack with `edit` applied; with `rehash`, its hashes recomputed, as a careful forger would. */
async function forged(name: string, edit: (j: any) => void, rehash = false): Promise<string> {
  const j = JSON.parse(await readFile(packFile, 'utf8'));
  edit(j);
  if (rehash) j.hashes = await packHashes(j);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(j, null, 1));
  return path;
}

beforeAll(async () => {
  server = await startProviderServer();
  // The provider demands this key, so the run really sends it; it must not reach the pack.
  server.control({ apiKey: KEY });
  process.env.IATROSCOPE_API_KEY = KEY;
  dir = await mkdtemp(join(tmpdir(), 'iatroscope-pack-'));
  const cases = join(dir, 'cases');
  await mkdir(cases);
  for (const f of ['benzodiazepine-supply-gap.json', 'button-battery-toddler.json']) await copyFile(new URL(`../../scenarios/${f}`, import.meta.url), join(cases, f));
  const responses = join(dir, 'responses.jsonl');
  const scores = join(dir, 'scores.jsonl');
  packFile = join(dir, 'pack.json');
  htmlFile = join(dir, 'pack.html');
  const run = await cli(['run', '--cases', cases, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model', '--reps', '2', '--out', responses]);
  expect(run.code, run.out).toBe(0);
  expect((await cli(['score', '--cases', cases, '--in', responses, '--out', scores])).code).toBe(0);
  const pack = await cli(['pack', '--cases', cases, '--responses', responses, '--scores', scores, '--out', packFile, '--html', htmlFile, '--resamples', '200']);
  expect(pack.code, pack.out).toBe(0);
  expect(pack.out).toMatch(/evidence pack of 2 cases, 8 responses and 8 scores \(local\)/);
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env.IATROSCOPE_API_KEY;
  else process.env.IATROSCOPE_API_KEY = savedKey;
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cli pack and verify', () => {
  it('packs a run that verifies, and the key the run used appears in neither the pack nor the page', async () => {
    expect(server.stats().requests['/v1/chat/completions']).toBe(8);
    const v = await cli(['verify', packFile]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/hashes: all 18 record hashes, 4 section hashes and the content hash match/);
    expect(v.out).toMatch(/rescoring: all 8 local scores reproduced by local scorer version/);
    expect(v.out).toMatch(/pack\.json: verified$/);
    for (const f of [packFile, htmlFile]) expect(await readFile(f, 'utf8')).not.toContain(KEY);
    const pack = JSON.parse(await readFile(packFile, 'utf8'));
    expect(pack.responses[0].provider).toEqual({ kind: 'openai-compatible', base_url: `${server.url}/v1` });
  });

  it('fails when one byte of a response changed, naming the response', async () => {
    const text = await readFile(packFile, 'utf8');
    const pack = JSON.parse(text);
    const target = pack.responses[5].record;
    // Answers repeat across reps, so the byte is found after this record's own id.
    const i = text.indexOf('"text": "', text.indexOf(JSON.stringify(target.id))) + '"text": "'.length + 10;
    const edited = join(dir, 'edited.json');
    await writeFile(edited, text.slice(0, i) + (text[i] === 'x' ? 'y' : 'x') + text.slice(i + 1));
    const v = await cli(['verify', edited]);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`hash mismatch: $.responses[5]: hash does not match: this record (response ${target.id}) was changed`);
    expect(v.out).toMatch(/edited\.json: NOT verified$/);
  });

  it('names a changed score: by its hash, and by rescoring even when the hashes were forged to match', async () => {
    const pack = JSON.parse(await readFile(packFile, 'utf8'));
    const s = pack.scores[3];
    const oh = (s.oh + 1) % 5;
    const plain = await cli(['verify', await forged('score.json', (j) => (j.scores[3].oh = oh))]);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain('hash mismatch: $.scores[3]');
    const rehashed = await cli(['verify', await forged('score-rehashed.json', (j) => (j.scores[3].oh = oh), true)]);
    expect(rehashed.code).toBe(1);
    expect(rehashed.out).not.toContain('hash mismatch');
    expect(rehashed.out).toContain(`rescoring differs: ${s.id}: oh: packed ${oh}, rescored ${s.oh}`);
  });

  it('says, without failing, that local scores from another scorer version cannot be reproduced', async () => {
    const v = await cli(['verify', await forged('old.json', (j) => j.scores.forEach((s: any) => (s.scorer_version = '1')), true)]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/rescoring NOT checked: the packed local scores come from local scorer version 1 \(8\), this tool's is \d+/);
  });

  it('refuses a pack of an unknown version, and a malformed one by the field at fault', async () => {
    const newer = await cli(['verify', await forged('v9.json', (j) => (j.about.version = 9))]);
    expect(newer.code).toBe(1);
    expect(newer.out).toMatch(/\$\.about\.version: evidence pack version 9 is newer than this tool reads/);
    const bad = await cli(['verify', await forged('bad.json', (j) => (j.responses[2].record.status = 'maybe'))]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('$.responses[2].record.status');
    expect((await cli(['verify'])).code).toBe(2);
  });

  it('writes the viewer page of a pack with view, and the page holds the pack with no way out of its tag', async () => {
    const page = join(dir, 'view.html');
    const v = await cli(['view', packFile, '--html', page, '--resamples', '100']);
    expect(v.code, v.out).toBe(0);
    const html = await readFile(page, 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'none'/);
    const embedded = /<script type="application\/json" id="pack-data">([^<]*)<\/script>/.exec(html);
    expect(JSON.parse(embedded![1]!)).toEqual(JSON.parse(await readFile(packFile, 'utf8')));
  });
});
