import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseRecord, runRow, scoreRecord } from '../../tests/fixtures/records';
import { parseCaseFile } from '../core/caseFile';
import { readPack, verifyPackHashes } from '../core/pack';
import { PackShelf } from '../storage/packShelf';
import { openStore } from '../storage/store';
import type { EndpointsState } from './endpoints.svelte';
import { PackExport, PackState, rescoreSummary } from './evidencePack.svelte';

const parsed = parseCaseFile('c.json', readFileSync('scenarios/benzodiazepine-supply-gap.json', 'utf8'));
if (!parsed.ok) throw new Error('bundled case does not parse');
const theCase = parsed.value;
const KEY = 'sk-test-0123456789abcdef';

let n = 0;
async function userStore(text = 'Please see your doctor.') {
  const store = openStore(`ep-user-${n++}`);
  await store.addRun(runRow('run-1', [theCase.id]));
  const responses = [0, 1].map((rep) => responseRecord('run-1', rep, text, theCase.id));
  for (const r of responses) await store.responseStore().put(r);
  await store.putScores(responses.map((r) => scoreRecord(r.id, 'judge:x')));
  return store;
}
/** The keys the tab knows, as EndpointsState hands them out. */
const endpoints = { list: [{ id: 'e1' }], keys: { get: (id: string) => (id === 'e1' ? KEY : undefined) } } as unknown as EndpointsState;

describe('PackExport', () => {
  it('packs a run with its cases, responses and every verdict, hashes that check, and no key', async () => {
    const text = await new PackExport(await userStore(), () => [theCase], endpoints).packText('run-1');
    expect(text).not.toContain(KEY);
    const r = readPack('p.json', text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.pack.responses).toHaveLength(2);
    expect(r.value.pack.scores.map((s) => s.scorer)).toEqual(['judge:x', 'judge:x']);
    expect(await verifyPackHashes(r.value)).toEqual([]);
  });

  it('refuses a pack in which a key the tab knows appears, saying where and never the key', async () => {
    const exporter = new PackExport(await userStore(`my key is ${KEY}`), () => [theCase], endpoints);
    const err = await exporter.packText(null).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/an API key appears in the pack at \$\.responses\[0\]/);
    expect(err?.message).not.toContain(KEY);
  });

  it('says so when a case of the responses is no longer in the library', async () => {
    const exporter = new PackExport(await userStore(), () => [], endpoints);
    await expect(exporter.packText('run-1')).rejects.toThrow(`the library no longer holds case(s) ${theCase.id}`);
  });
});

describe('PackState', () => {
  it('opens a checked pack into its own database and closes it; a changed one is refused with nothing stored', async () => {
    const text = await new PackExport(await userStore(), () => [theCase], endpoints).packText('run-1');
    const shelf = new PackShelf(`ep-pack-${n++}`);
    const state = new PackState(shelf);
    const tampered = text.replace('Please see your doctor.', 'Please see your doctor!');
    expect(await state.openFile('bad.json', tampered)).toBe(false);
    expect(state.refused?.problems).toContain('bad.json: $.responses[0]: hash does not match: this record (response run-1|benzodiazepine-supply-gap|layperson|m1|0) was changed');
    expect(await shelf.opened()).toBeUndefined();
    expect(state.readOnly).toBe(false);

    expect(await state.openFile('good.json', text)).toBe(true);
    expect(state.opened?.file).toBe('good.json');
    expect((await shelf.store().runsNewestFirst()).map((r) => r.spec.name)).toEqual(['run-1 (from good.json)']);
    state.rescoreLocal();
    expect(rescoreSummary(state.rescore!).text).toBe('The pack holds no local scores, so there is nothing to reproduce.');
    await state.close();
    expect(state.readOnly).toBe(false);
    expect(await shelf.opened()).toBeUndefined();
  });
});
