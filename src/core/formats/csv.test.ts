import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatLocated } from '../located';
import { parseCsvRecords, parseCsvTable } from './csv';

const records = (text: string) => {
  const r = parseCsvRecords('t.csv', text);
  if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
  return r.value;
};
const failure = (text: string) => {
  const r = parseCsvRecords('t.csv', text);
  if (r.ok) throw new Error('expected an error');
  return r.errors.map(formatLocated);
};

describe('parseCsvRecords', () => {
  it('splits fields on commas and records on CRLF, LF or CR', () => {
    expect(records('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
      { line: 4, cells: ['g', 'h'] },
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks, and counts lines through them', () => {
    const text = 'prompt,response\r\n"Hi, there","She said ""no""\r\nthen left"\r\nnext,"a\nb\nc"\r\nlast,x\r\n';
    expect(records(text)).toEqual([
      { line: 1, cells: ['prompt', 'response'] },
      { line: 2, cells: ['Hi, there', 'She said "no"\r\nthen left'] },
      { line: 4, cells: ['next', 'a\nb\nc'] },
      { line: 7, cells: ['last', 'x'] },
    ]);
  });

  it('drops a byte-order mark, keeps empty fields, skips blank lines but not a lone quoted empty field', () => {
    expect(records('\uFEFFa,,c\n\n,\n""\n')).toEqual([
      { line: 1, cells: ['a', '', 'c'] },
      { line: 3, cells: ['', ''] },
      { line: 4, cells: [''] },
    ]);
    expect(records('\uFEFFlabel\n')[0]!.cells[0]).toBe('label');
  });

  it('names the line of a stray quote, text after a closing quote, and a quote never closed', () => {
    expect(failure('a,b\nab"c,d\n')).toEqual(['t.csv: line 2: a quote inside an unquoted field; put the whole field in quotes and double the quote ("")']);
    expect(failure('a,b\n"x"y,d\n')).toEqual(['t.csv: line 2: text after a closing quote; a field is either quoted whole or not at all']);
    expect(failure('a,b\nc,d\n"open\nand on\n')).toEqual(['t.csv: line 3: a quoted field is never closed']);
  });

  it('reads back any table written with RFC 4180 quoting', () => {
    const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (table) => {
        const text = table.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
        expect(records(text).map((r) => r.cells)).toEqual(table);
      }),
    );
  });
});

describe('parseCsvTable', () => {
  it('keys cells by the header, trimmed and in lower case', () => {
    const r = parseCsvTable('t.csv', ' Prompt ,LABEL\nq,full_refusal\n');
    if (!r.ok) throw new Error('expected a table');
    expect(r.value.columns).toEqual(['prompt', 'label']);
    expect(r.value.rows[0]!.get('label')).toBe('full_refusal');
    expect(r.value.rows[0]!.get('missing')).toBeUndefined();
  });

  it('refuses a row with another number of fields than the header, naming its line', () => {
    const r = parseCsvTable('t.csv', 'a,b\n1,2\n"x\ny",2,3\n');
    expect(r.ok ? [] : r.errors.map(formatLocated)).toEqual(['t.csv: line 3: 3 fields, but the header has 2']);
    expect(parseCsvTable('t.csv', '\uFEFF\n').ok).toBe(false);
  });
});
