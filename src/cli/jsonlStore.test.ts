import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResponseRecord } from '../core/run/types';
import { openJsonlStore } from './jsonlStore';

function record(rep: number, runId = 'r1'): ResponseRecord {
  const key = `c1|layperson|scripted:a|${rep}`;
  return {
    id: `${runId}|${key}`,
    run_id: runId,
    case_id: 'c1',
    framing: 'layperson',
    model_id: 'scripted:a',
    rep,
    request: { model: 'a', messages: [{ role: 'user', content: 'Q' }], params: { temperature: 0.7, max_tokens: 2048 } },
    text: 'A',
    finish_reason: 'stop',
    raw_finish_reason: 'stop',
    status: 'ok',
    usage: { input_tokens: 1, output_tokens: 1 },
    latency_ms: 1,
    cost_usd: null,
    error: null,
    attempts: 1,
    served_model: null,
    started_at: '2026-01-01T00:00:00.000Z',
    completed_at: '2026-01-01T00:00:01.000Z',
  };
}

const dirs: string[] = [];
const tempFile = async () => {
  const d = await mkdtemp(join(tmpdir(), 'iatroscope-jsonl-'));
  dirs.push(d);
  return join(d, 'out.jsonl');
};
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('JSONL response store', () => {
  it('appends one line per record and reopens with the cells it holds', async () => {
    const path = await tempFile();
    const a = await openJsonlStore(path);
    await Promise.all([a.put(record(0)), a.put(record(1)), a.put(record(2))]);
    await a.close();
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(4);

    const b = await openJsonlStore(path);
    expect(b.runIds).toEqual(['r1']);
    expect(b.firstParams).toEqual({ temperature: 0.7, max_tokens: 2048 });
    expect([...(await b.completedKeys('r1'))].sort()).toEqual([0, 1, 2].map((r) => `c1|layperson|scripted:a|${r}`));
    expect(await b.has('r1', 'c1|layperson|scripted:a|1')).toBe(true);
    expect((await b.list('r1')).map((r) => r.rep).sort()).toEqual([0, 1, 2]);
    await b.close();
  });

  it('never writes a cell twice', async () => {
    const path = await tempFile();
    const s = await openJsonlStore(path);
    await s.put(record(0));
    await expect(s.put({ ...record(0), text: 'other' })).rejects.toThrow(/already stored/);
    await s.close();
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('drops a last line cut short by a crash, and keeps the rest', async () => {
    const path = await tempFile();
    const full = JSON.stringify(record(0)) + '\n';
    await writeFile(path, full + JSON.stringify(record(1)).slice(0, 40));
    const s = await openJsonlStore(path);
    expect(await s.completedKeys('r1')).toEqual(new Set(['c1|layperson|scripted:a|0']));
    await s.put(record(1));
    await s.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as ResponseRecord).rep)).toEqual([0, 1]);
  });

  it('ends a complete last line that lost its newline before appending', async () => {
    const path = await tempFile();
    await writeFile(path, JSON.stringify(record(0)));
    const s = await openJsonlStore(path);
    await s.put(record(1));
    await s.close();
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('names the file and line of a damaged record', async () => {
    const path = await tempFile();
    await writeFile(path, JSON.stringify(record(0)) + '\n{"id": 3}\n');
    await appendFile(path, JSON.stringify(record(1)) + '\n');
    await expect(openJsonlStore(path)).rejects.toThrow(`${path}:2`);
  });
});
