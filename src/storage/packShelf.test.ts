import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseRecord, runRow, scoreRecord } from '../../tests/fixtures/records';
import { parseCaseFile } from '../core/caseFile';
import { buildPack, serializePack } from '../core/pack';
import { runRowsOfPack } from '../core/pack/openPack';
import { PackShelf, ReadOnlyPackError } from './packShelf';
import { openStore } from './store';

const parsed = parseCaseFile('c.json', readFileSync('scenarios/benzodiazepine-supply-gap.json', 'utf8'));
if (!parsed.ok) throw new Error('bundled case does not parse');
const theCase = parsed.value;
const responses = [0, 1].map((rep) => responseRecord('run-p', rep, `answer ${rep}`, theCase.id));
const scores = responses.map((r) => scoreRecord(r.id, 'local'));
const pack = await buildPack({ cases: [theCase], responses, scores, created_at: '2026-12-01T00:00:00.000Z' });
const file = { file: 'p.json', text: serializePack(pack), opened_at: '2026-12-02T00:00:00.000Z' };

let n = 0;
const names = () => ({ user: `user-${n}`, pack: `pack-${n++}` });

describe('PackShelf', () => {
  it('creates no database until a pack is put, and reads back the pack file it was given', async () => {
    const { pack: name } = names();
    const shelf = new PackShelf(name);
    expect(await shelf.opened()).toBeUndefined();
    expect(await Dexie.exists(name)).toBe(false);
    await shelf.put(file, { cases: pack.cases, runs: runRowsOfPack(pack, 'p.json'), pack });
    expect(await shelf.opened()).toEqual(file);
  });

  it('shows the pack through a Store over its own database, apart from the user one, and refuses every write', async () => {
    const { user, pack: name } = names();
    const mine = openStore(user);
    await mine.addRun(runRow('run-mine', [theCase.id]));
    const shelf = new PackShelf(name);
    await shelf.put(file, { cases: pack.cases, runs: runRowsOfPack(pack, 'p.json'), pack });
    const store = shelf.store();
    expect((await store.runsNewestFirst()).map((r) => r.id)).toEqual(['run-p']);
    expect((await store.responsesOfRun('run-p')).map((r) => r.text)).toEqual(['answer 0', 'answer 1']);
    expect(await store.scoresOfRun('run-p')).toHaveLength(2);
    expect((await mine.runsNewestFirst()).map((r) => r.id)).toEqual(['run-mine']);

    await expect(store.putScore({ ...scores[0]!, oh: 4 })).rejects.toBeInstanceOf(ReadOnlyPackError);
    await expect(store.deleteRunCascade('run-p')).rejects.toThrow(/read-only/);
    await expect(store.deleteScore(scores[1]!.id)).rejects.toThrow(/read-only/);
    await expect(store.putCases([{ ...theCase, title: 'changed' }])).rejects.toThrow(/read-only/);
    expect((await store.scoresOfRun('run-p')).map((s) => s.oh)).toEqual(scores.map((s) => s.oh));
    expect(await store.responsesOfRun('run-p')).toHaveLength(2);
  });

  it('replaces the pack it held, and closing deletes its database and nothing of the user', async () => {
    const { user, pack: name } = names();
    const mine = openStore(user);
    await mine.addRun(runRow('run-mine', [theCase.id]));
    const shelf = new PackShelf(name);
    const other = await buildPack({ cases: [theCase], responses: [responseRecord('run-q', 0, 'x', theCase.id)], scores: [], created_at: '2026-12-01T00:00:00.000Z' });
    await shelf.put(file, { cases: pack.cases, runs: runRowsOfPack(pack, 'p.json'), pack });
    await shelf.put({ ...file, file: 'q.json' }, { cases: other.cases, runs: runRowsOfPack(other, 'q.json'), pack: other });
    expect((await shelf.store().runsNewestFirst()).map((r) => r.id)).toEqual(['run-q']);
    expect(await shelf.store().scoresOfRun('run-p')).toEqual([]);

    await shelf.close();
    expect(await Dexie.exists(name)).toBe(false);
    expect(await shelf.opened()).toBeUndefined();
    expect((await mine.runsNewestFirst()).map((r) => r.id)).toEqual(['run-mine']);
  });
});
