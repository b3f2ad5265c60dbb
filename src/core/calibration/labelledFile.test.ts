import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../fileLimits';
import { formatLocated } from '../located';
import { MAX_LABEL_ERRORS, parseLabelledFile, readLabel } from './labelledFile';

const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const messages = (text: string) => {
  const r = parseLabelledFile('mine.jsonl', text);
  if (r.ok) throw new Error('expected errors');
  return r.errors.map(formatLocated);
};

describe('parseLabelledFile', () => {
  it('reads project classes and XSTest raw labels, keeps line numbers and OH, ignores extra fields', () => {
    const r = parseLabelledFile(
      'mine.jsonl',
      jsonl(
        { prompt: 'p1', response: 'r1', label: 'hard_refusal', oh: 4, id: 'x', model: 'y' },
        '',
        { prompt: 'p2', response: 'r2', label: '1_full_compliance' },
        { prompt: 'p3', response: '', label: ' 3_Partial_Refusal ', oh: null },
        { prompt: 'p4', response: 'r4', label: '2_full_refusal' },
      ),
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { line: 1, prompt: 'p1', response: 'r1', label: 'hard_refusal', oh: 4 },
        { line: 3, prompt: 'p2', response: 'r2', label: 'substantive', oh: null },
        { line: 4, prompt: 'p3', response: '', label: 'partial_engagement', oh: null },
        { line: 5, prompt: 'p4', response: 'r4', label: 'hard_refusal', oh: null },
      ],
    });
  });

  it('names the file, the line and the field of each error, and rejects the whole file', () => {
    expect(
      messages(
        jsonl(
          { prompt: 'ok', response: 'ok', label: 'substantive' },
          { prompt: 'p', response: 'r', label: 'refused' },
          { prompt: 'p', label: 'substantive' },
          { prompt: 'p', response: 'r', label: 'substantive', oh: 5 },
          '{"prompt": "p", ',
          '[1, 2]',
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^mine\.jsonl: line 2: \$\.label: "refused" is not a label; expected one of substantive, .*1_full_compliance/),
      'mine.jsonl: line 3: $.response: missing; expected a string',
      'mine.jsonl: line 4: $.oh: expected an integer from 0 to 4, or null',
      expect.stringMatching(/^mine\.jsonl: line 5: \$: not valid JSON/),
      'mine.jsonl: line 6: $: expected a JSON object with "prompt", "response" and "label"',
    ]);
  });

  it(`lists at most ${MAX_LABEL_ERRORS} errors and counts the rest`, () => {
    const errs = messages(jsonl(...Array.from({ length: 30 }, () => ({ prompt: 'p', response: 'r' }))));
    expect(errs).toHaveLength(MAX_LABEL_ERRORS + 1);
    expect(errs.at(-1)).toBe('mine.jsonl: $: ... and 10 more errors');
  });

  it('refuses an empty file and one over the size limit', () => {
    expect(messages('\n\n')).toEqual(['mine.jsonl: $: no labelled lines in the file']);
    expect(messages(' '.repeat(MAX_FILE_BYTES + 1))[0]).toMatch(/^mine\.jsonl: \$: file is \d+ MB; the limit is 50 MB/);
  });
  it('takes no label from the object prototype ("constructor", "toString")', () => {
    expect(readLabel('constructor')).toBeUndefined();
    expect(readLabel('toString')).toBeUndefined();
    expect(readLabel('1_full_compliance')).toBe('substantive');
  });
});
