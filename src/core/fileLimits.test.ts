import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { responseRecord } from '../../tests/fixtures/records';
import { sampleWorkspace } from '../../tests/fixtures/arbitraries';
import { parsePublishedScores } from './analysis/publishedScores';
import { parseCaseFile } from './caseFile';
import { importCaseFiles } from './caseImport';
import type { Case } from './caseSchema';
import { MAX_FILE_BYTES, checkFileSize } from './fileLimits';
import { importIatrobench, type InputFile } from './iatrobenchImport';
import { parseWorkspace } from './workspaceFormat';

const root = join(import.meta.dirname, '../..');
const seed = JSON.parse(readFileSync(join(root, 'scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as Case;
const iatroRoot = join(root, 'tests/fixtures/iatrobench/data');
const readTree = (dir: string): InputFile[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? readTree(p) : [{ path: relative(iatroRoot, p), text: readFileSync(p, 'utf8') }];
  });
const MB = 1024 * 1024;

describe('checkFileSize', () => {
  it('reads up to 50 MB and refuses a byte more, naming the file', () => {
    expect(MAX_FILE_BYTES).toBe(50 * MB);
    expect(checkFileSize('a.json', 0)).toBeNull();
    expect(checkFileSize('a.json', 50 * MB)).toBeNull();
    expect(checkFileSize('data/big.json', 50 * MB + 1)).toEqual({ file: 'data/big.json', path: '$', message: 'file is 52 MB; the limit is 50 MB' });
    expect(checkFileSize('big.jsonl', 60e6)?.message).toBe('file is 60 MB; the limit is 50 MB');
  });
});

describe('a 60 MB document', () => {
  // Generated in memory, one run: 2-5 s for all parsers together on a 2-core machine.
  it('is refused by the page, and every core parser reads it without crashing', () => {
    const big = 'ü'.repeat(30e6); // 60 MB in UTF-8

    const caseText = JSON.stringify({ ...seed, facts: big });
    expect(checkFileSize('big.json', new TextEncoder().encode(caseText).byteLength)).toMatchObject({ file: 'big.json', message: /the limit is 50 MB/ });
    const c = parseCaseFile('big.json', caseText);
    expect(c.ok && c.value.facts?.length).toBe(30e6);
    const dropped = importCaseFiles([{ path: 'big.json', text: caseText }]);
    expect(dropped.ok && dropped.cases[0]!.facts?.length).toBe(30e6);

    const files = readTree(iatroRoot).map((f) => (f.path.endsWith('MH2.json') ? { ...f, text: JSON.stringify({ ...JSON.parse(f.text), gold_standard_response: big }) } : f));
    const imported = importIatrobench(files);
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.summary.cases.find((x) => x.id === 'iatrobench-MH2')!.gold_standard.length).toBe(30e6);

    // Many rows rather than one long string: 6,000 responses of 10 KB.
    const ws = sampleWorkspace({ ...seed, source: { kind: 'user' } });
    const text = 'x'.repeat(10_000);
    ws.tables.responses = Array.from({ length: 6_000 }, (_, i) => responseRecord('big', i, text, 'second'));
    const wsText = JSON.stringify(ws);
    expect(wsText.length).toBeGreaterThan(60e6);
    const parsed = parseWorkspace('ws.json', wsText);
    expect(parsed.ok && parsed.value.tables.responses.length).toBe(6_000);

    const scoreLines = readFileSync(join(root, 'tests/fixtures/iatrobench/scores.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
    const reasoning = 'y'.repeat(Math.ceil(60e6 / scoreLines.length));
    const jsonl = scoreLines.map((l) => JSON.stringify({ ...JSON.parse(l), clinical_reasoning: reasoning })).join('\n');
    expect(jsonl.length).toBeGreaterThan(60e6);
    const scores = parsePublishedScores(jsonl, imported.summary.cases, { createdAt: 'T' });
    expect(scores.ok && scores.value.length).toBe(scoreLines.length);
  }, 60_000);
});
