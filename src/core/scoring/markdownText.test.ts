import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inline, lineMarkers, stripMarkdown } from './markdownText';
import { splitSegments } from './segments';

describe('stripMarkdown', () => {
  it('keeps length and offsets while blanking syntax', () => {
    const md = '## Plan\n- **Call a pharmacist** today.\n1. Take [the leaflet](https://x.y/z) with you.\n> quoted `code`\n---\n| a | b |\n|---|---|';
    const { text, listItems } = stripMarkdown(md);
    expect(text.length).toBe(md.length);
    expect(text).not.toMatch(/[#*`>[\]]/);
    const at = md.indexOf('Call');
    expect(text.slice(at, at + 4)).toBe('Call');
    // Keyed where the item's sentence starts, after the emphasis that opens it, so its segment is a list item.
    expect(listItems.get(md.indexOf('Call'))).toBe('bullet');
    expect(splitSegments(text, listItems).find((g) => text.slice(g.start, g.end).startsWith('Call'))?.list).toBe('bullet');
    expect(listItems.get(md.indexOf('Take'))).toBe('numbered');
    expect(text).toContain('the leaflet');
    expect(text).not.toContain('https');
  });

  it('leaves snake_case and inner asterisks alone and keeps line breaks', () => {
    const { text } = stripMarkdown('use file_name here\n*emphasis* and 2*3');
    expect(text).toContain('file_name');
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('2*3');
  });

  it('normalises curly apostrophes one for one', () => {
    const { text } = stripMarkdown('don\u2019t stop');
    expect(text).toBe("don't stop");
  });
  // Texts with no character above U+00FF are scanned with a smaller class (markdownText.ts);
  // these take each path with and without the characters only the larger class knows.
  it('blanks the same syntax in texts with and without characters above U+00FF', () => {
    expect(stripMarkdown('**Caf\u00e9** \u201cnow\u201d').text).toBe('  Caf\u00e9   "now"');
    expect(stripMarkdown('**Caf\u00e9**\u00a0now').text).toBe('  Caf\u00e9   now');
    expect(stripMarkdown('**Cafe** now \u2014 `x`').text).toBe('  Cafe   now \u2014  x ');
    expect(stripMarkdown('**Cafe** now').text).toBe('  Cafe   now');
  });
});

describe('stripMarkdown in one pass', () => {
  it('gives what blanking the line markers first and then the inline syntax gives', () => {
    const pieces = ['\n', ' ', '  ', '\t', '- ', '* ', '+ ', '\u2022 ', '1. ', '2) ', '> ', '>', '## ', '---', '```', '~~~', '|', '**', '*', '_', '__', '~~', '~', '`', '[', ']', '](x)', '<b>', '</i>', '(', 'word', 'a_b', '2*3', '\u00a0', '\u2019', '\u201c', '.', ','];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const md = parts.join('');
        const { blanks } = lineMarkers(md);
        let blanked = md;
        for (const [x, y] of blanks) blanked = blanked.slice(0, x) + ' '.repeat(y - x) + blanked.slice(y);
        const twoPass = inline(blanked, []);
        expect(inline(md, blanks)).toBe(twoPass);
        expect(stripMarkdown(md).text).toBe(twoPass);
      }),
      { numRuns: 6000 },
    );
  });
});

describe('splitSegments', () => {
  it('splits sentences and lines, not abbreviations or decimals', () => {
    const t = 'Take 0.5 mg, e.g. at night. Then rest!\nSee Dr. Smith';
    const segs = splitSegments(t).map((s) => t.slice(s.start, s.end));
    expect(segs).toEqual(['Take 0.5 mg, e.g. at night.', 'Then rest!', 'See Dr. Smith']);
  });
  it('handles empty text', () => {
    expect(splitSegments('   \n ')).toEqual([]);
  });
});
