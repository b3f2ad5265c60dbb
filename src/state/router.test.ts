import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './router.svelte';

describe('routes', () => {
  it('run setup carries the case it was opened for, through href and back', () => {
    const r: Route = { name: 'run-new', caseId: 'benzo gap/1' };
    expect(href(r)).toBe('#/run/new?case=benzo%20gap%2F1');
    expect(parseRoute(href(r))).toEqual(r);
    expect(parseRoute('#/run/new')).toEqual({ name: 'run-new' });
    expect(href({ name: 'run-new' })).toBe('#/run/new');
  });
});
