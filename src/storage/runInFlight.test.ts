import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runRow } from '../../tests/fixtures/records';
import { openStore, type Store } from './store';

let n = 0;
let store: Store;
afterEach(() => store.deleteAll());

describe('Store: requests in flight across a reload', () => {
  it('records them, and charges them to the run as unanswered when it is driven again', async () => {
    store = openStore(`in-flight-test-${n++}`);
    await store.addRun({ ...runRow('r1'), state: 'running' });
    await store.setRunInFlight('r1', { requests: 2, cost_usd: 0.5 });
    expect((await store.run('r1'))?.in_flight).toEqual({ requests: 2, cost_usd: 0.5 });

    // The tab reloads; the next one to drive the run charges what was left in flight.
    expect(await store.chargeUnanswered('r1')).toEqual({ requests: 2, cost_usd: 0.5 });
    const row = await store.run('r1');
    expect(row?.in_flight).toBeUndefined();
    expect(row?.unanswered).toEqual({ requests: 2, cost_usd: 0.5 });

    // A second reload adds to it; a model without a price makes the cost unknown.
    await store.setRunInFlight('r1', { requests: 1, cost_usd: null });
    expect(await store.chargeUnanswered('r1')).toEqual({ requests: 3, cost_usd: null });
    // Nothing in flight: nothing changes.
    await store.setRunInFlight('r1', null);
    expect(await store.chargeUnanswered('r1')).toEqual({ requests: 3, cost_usd: null });
    expect((await store.run('r1'))?.in_flight).toBeUndefined();
  });
});
