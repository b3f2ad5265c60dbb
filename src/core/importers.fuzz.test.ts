import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FORBIDDEN_KEYS,
  PROTOTYPE_NAMES,
  badDocument,
  hasForbiddenKey,
  malformedJson,
  nested,
  prototypeIntact,
  prototypeSnapshot,
  sampleWorkspace,
  truncated,
  wrongTyped,
} from '../../tests/fixtures/arbitraries';
import { parsePublishedScores } from './analysis/publishedScores';
import { parseCaseFile } from './caseFile';
import { importCaseFiles } from './caseImport';
import { caseSchema, type Case } from './caseSchema';
import { importIatrobench, type InputFile } from './iatrobenchImport';
import { MAX_JSON_DEPTH, parseJson, type LocatedError } from './located';
import { scoreRecordSchema } from './scoreRecord';
import { parseWorkspace, workspaceSchema } from './workspaceFormat';

/**
 * Hostile input for every importer (issue 7 item 3): malformed, truncated, deeply nested,
 * prototype-polluting, wrong-typed and huge documents. Each importer must return located errors
 * (never throw), return nothing when it reports an error, and return only schema-valid values.
 */

const RUNS = 1000;
/** Each property takes 1-3 s alone; generous for a loaded 2-core machine. */
const TIMEOUT = 60_000;
const root = join(import.meta.dirname, '../..');
const seedText = readFileSync(join(root, 'scenarios/benzodiazepine-supply-gap.json'), 'utf8');
const seed = JSON.parse(seedText) as Case;
const iatroRoot = join(root, 'tests/fixtures/iatrobench/data');
const readTree = (dir: string): InputFile[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? readTree(p) : [{ path: relative(iatroRoot, p), text: readFileSync(p, 'utf8') }];
  });
const iatroFiles = readTree(iatroRoot);
const jsonFiles = iatroFiles.filter((f) => f.path.endsWith('.json'));
const scoresText = readFileSync(join(root, 'tests/fixtures/iatrobench/scores.jsonl'), 'utf8');
const scoreLines = scoresText.split('\n').filter((l) => l.trim() !== '');

let before: string;
beforeAll(() => {
  before = prototypeSnapshot();
});

/** Every error names its file, a JSON path (after `line N: ` for JSONL) and a problem, and no stack overflow leaks through. */
function expectLocated(errors: LocatedError[], opts: { files?: readonly string[]; jsonl?: boolean } = {}) {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.file === 'string' && e.file.length > 0).toBe(true);
    if (opts.files) expect(opts.files).toContain(e.file);
    expect(e.path).toMatch(opts.jsonl ? /^(line \d+: )?\$/ : /^\$/);
    expect(typeof e.message === 'string' && e.message.trim().length > 0).toBe(true);
    expect(e.message).not.toMatch(/call stack/i);
  }
}

function expectClean(value: unknown) {
  expect(hasForbiddenKey(value)).toBe(false);
  expect(prototypeIntact(before)).toBe(true);
}

/** Replaces one file of a set with a spoiled version of itself. */
function spoilOne(files: InputFile[]): fc.Arbitrary<InputFile[]> {
  return fc
    .record({ i: fc.nat({ max: files.length - 1 }), keep: fc.subarray(files.map((_, j) => j), { minLength: 1 }) })
    .chain(({ i, keep }) => {
      const f = files[i]!;
      const valid: unknown = f.path.endsWith('.json') ? JSON.parse(f.text) : f.text;
      return badDocument(valid, f.text).map(({ text }) =>
        files.flatMap((g, j) => (j === i ? [{ path: g.path, text }] : keep.includes(j) ? [g] : [])),
      );
    });
}

describe('importers on hostile input', () => {
  it('parseJson reads nesting up to MAX_JSON_DEPTH and refuses deeper with a located error', () => {
    for (const shape of ['array', 'object', 'mixed'] as const) {
      expect(parseJson('f.json', nested(MAX_JSON_DEPTH, shape)).ok).toBe(true);
      for (const depth of [MAX_JSON_DEPTH + 2, 10_000, 1_000_000]) {
        expect(parseJson('f.json', nested(depth, shape))).toEqual({ ok: false, errors: [{ file: 'f.json', path: '$', message: `nested too deeply (more than ${MAX_JSON_DEPTH} levels)` }] });
      }
    }
    // Brackets inside strings are text, not nesting.
    expect(parseJson('f.json', JSON.stringify({ a: '['.repeat(10_000) })).ok).toBe(true);
  });

  it(`parseCaseFile: ${RUNS} bad case files`, () => {
    fc.assert(
      fc.property(badDocument(seed, seedText), ({ kind, text }) => {
        const r = parseCaseFile('case.json', text);
        if (r.ok) {
          expect(caseSchema.parse(r.value)).toEqual(r.value);
          expectClean(r.value);
        } else {
          expectLocated(r.errors, { files: ['case.json'] });
          expect(r).not.toHaveProperty('value');
          if (kind === 'deep' && /\[{513}|(\{"a":){513}|(\[\{"a":){257}/.test(text)) expect(r.errors[0]!.message).toMatch(/nested too deeply/);
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it(`importCaseFiles: ${RUNS} drops of native and IatroBench files, one spoiled`, () => {
    const native = { path: 'mine.json', text: JSON.stringify({ ...seed, id: 'mine' }) };
    const drop = [native, ...iatroFiles];
    fc.assert(
      fc.property(spoilOne(drop), (files) => {
        const r = importCaseFiles(files, new Set(['benzodiazepine-supply-gap']));
        if (r.ok) {
          for (const c of r.cases) expect(caseSchema.parse(c)).toEqual(c);
          expect(new Set(r.cases.map((c) => c.id)).size).toBe(r.cases.length);
          expectClean(r.cases);
        } else {
          expectLocated(r.errors, { files: files.map((f) => f.path) });
          expect(r).not.toHaveProperty('cases');
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it(`importIatrobench: ${RUNS} data folders with a spoiled file, or a spoiled map/probe file given explicitly`, () => {
    const map = jsonFiles.find((f) => f.path === 'colliding_map.json')!;
    const probes = jsonFiles.find((f) => f.path.includes('probe'))!;
    const forced = fc.constantFrom('collidingMap' as const, 'probes' as const).chain((which) => {
      const f = which === 'collidingMap' ? map : probes;
      return badDocument(JSON.parse(f.text), f.text).map(({ text }) => ({
        files: iatroFiles.filter((g) => g !== f),
        options: { [which]: { path: f.path, text } },
      }));
    });
    const arb = fc.oneof({ weight: 3, arbitrary: spoilOne(iatroFiles).map((files) => ({ files, options: {} })) }, { weight: 1, arbitrary: forced });
    fc.assert(
      fc.property(arb, ({ files, options }) => {
        const r = importIatrobench(files, options);
        const paths = [...files.map((f) => f.path), ...Object.values(options).map((f) => f.path)];
        if (r.ok) {
          for (const c of r.summary.cases) expect(caseSchema.parse(c)).toEqual(c);
          expectClean(r.summary);
        } else {
          expectLocated(r.errors, { files: paths });
          expect(r).not.toHaveProperty('summary');
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it(`importIatrobench: ${RUNS} renamings of the scenario ids, Object.prototype names included, import the same`, () => {
    const ids = ['GH1a', 'GH1b', 'MH2', 'C1'];
    const mapText = iatroFiles.find((f) => f.path === 'colliding_map.json')!.text;
    const name = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''));
    // Distinct after the case id's sanitising, which maps anything outside [A-Za-z0-9._-] to "-".
    const names = fc.uniqueArray(name, { minLength: 4, maxLength: 4, selector: (s) => s.replace(/[^A-Za-z0-9._-]/g, '-') });
    fc.assert(
      fc.property(names, (renamed) => {
        const rename = (text: string) => text.replace(/"(GH1a|GH1b|MH2|C1)"/g, (m) => JSON.stringify(renamed[ids.indexOf(JSON.parse(m) as string)]));
        const r = importIatrobench(iatroFiles.map((f) => ({ path: f.path, text: rename(f.text) })));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.summary.cases).toHaveLength(3);
        for (const c of r.summary.cases) {
          const [first] = Object.values(c.source?.original_ids ?? {});
          // A name the JSON reader drops from the colliding map has no flags; every other keeps its own.
          const dropped = (FORBIDDEN_KEYS as readonly string[]).includes(first!);
          const expected = (JSON.parse(mapText) as Record<string, boolean[]>)[ids[renamed.indexOf(first!)]!] !;
          expect(c.critical_actions.map((a) => a.safety_colliding)).toEqual(dropped ? expected.map(() => null) : expected);
        }
        expectClean(r.summary);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it(`parseWorkspace: ${RUNS} bad workspace files`, () => {
    const ws = sampleWorkspace({ ...seed, source: { kind: 'user' } });
    fc.assert(
      fc.property(badDocument(ws), ({ text }) => {
        const r = parseWorkspace('ws.json', text);
        if (r.ok) {
          expect(workspaceSchema.parse(r.value)).toEqual(r.value);
          expectClean(r.value);
        } else {
          expectLocated(r.errors, { files: ['ws.json'] });
          expect(r).not.toHaveProperty('value');
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it(`parsePublishedScores: ${RUNS} bad JSONL files (spoiled lines, whole-file cuts and noise)`, () => {
    let cases: Case[] = [];
    const imported = importIatrobench(iatroFiles);
    if (imported.ok) cases = imported.summary.cases;
    expect(cases.length).toBe(3);
    const spoiledLine = fc
      .record({ i: fc.nat({ max: scoreLines.length - 1 }), n: fc.integer({ min: 1, max: scoreLines.length }) })
      .chain(({ i, n }) =>
        badDocument(JSON.parse(scoreLines[i]!), scoreLines[i]).map(({ text }) => [...scoreLines.slice(0, i), text, ...scoreLines.slice(i + 1, Math.max(n, i + 1))].join('\n')),
      );
    const wrongLines = fc
      .array(fc.nat({ max: scoreLines.length - 1 }), { minLength: 1, maxLength: 60 })
      .chain((picks) => fc.tuple(...picks.map((i) => wrongTyped(JSON.parse(scoreLines[i]!), 1))))
      .map((values) => values.map((v) => JSON.stringify(v)).join('\n'));
    const arb = fc.oneof(spoiledLine, wrongLines, truncated(scoresText), malformedJson(scoresText));
    fc.assert(
      fc.property(arb, (text) => {
        const r = parsePublishedScores(text, cases, { file: 'scores.jsonl', createdAt: 'T' });
        if (r.ok) {
          for (const s of r.value) expect(scoreRecordSchema.parse(s)).toEqual(s);
          expectClean(r.value);
        } else {
          expectLocated(r.errors, { files: ['scores.jsonl'], jsonl: true });
          expect(r.errors.length).toBeLessThanOrEqual(51);
          expect(r).not.toHaveProperty('value');
        }
        expect(prototypeIntact(before)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});
