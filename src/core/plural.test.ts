import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(plural(1, 'case')).toBe('1 case');
    expect(plural(0, 'case')).toBe('0 cases');
    expect(plural(2, 'model')).toBe('2 models');
    expect(plural(1200, 'call')).toBe('1,200 calls');
  });
  it('takes an irregular plural', () => {
    expect(plural(2, 'analysis', 'analyses')).toBe('2 analyses');
    expect(plural(1, 'analysis', 'analyses')).toBe('1 analysis');
  });
});
