import { describe, expect, it } from 'vitest';
import { toCsv, toJsonl } from './exportRows';

describe('exports', () => {
  it('writes JSONL one object per line', () => {
    expect(toJsonl([{ a: 1 }, { a: 'x\ny' }])).toBe('{"a":1}\n{"a":"x\\ny"}\n');
    expect(toJsonl([])).toBe('');
  });
  it('quotes CSV cells, serialises nested values and defuses formulas', () => {
    const csv = toCsv([{ id: 'a,b', text: 'he said "hi"\nbye', n: 2, usage: { in: 1 }, f: '=HYPERLINK("x")' }], ['id', 'text', 'n', 'usage', 'f']);
    expect(csv).toBe('id,text,n,usage,f\r\n"a,b","he said ""hi""\nbye",2,"{""in"":1}","\'=HYPERLINK(""x"")"\r\n');
  });
  it('writes negative numbers as numbers and still defuses text that starts with a minus', () => {
    const csv = toCsv([{ oh: -1, ch: -0.5, note: '-1+cmd' }], ['oh', 'ch', 'note']);
    expect(csv).toBe("oh,ch,note\r\n-1,-0.5,'-1+cmd\r\n");
  });
});
