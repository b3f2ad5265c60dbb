import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseFile, serializeCase } from './caseFile';
import { importCaseFiles } from './caseImport';
import { CASE_FORMAT_VERSION, CASE_MIGRATIONS, migrateCase } from './caseMigrations';
import { formatLocated } from './located';
import { parseWorkspace, WORKSPACE_FORMAT, WORKSPACE_VERSION } from './workspaceFormat';

const v2Text = readFileSync(join(import.meta.dirname, '../../scenarios/benzodiazepine-supply-gap.json'), 'utf8');
const v2 = JSON.parse(v2Text) as Record<string, unknown>;
/** The same case as a version 1 file held it: no stated_barriers. */
const { stated_barriers: _, ...rest } = v2;
const v1 = { ...rest, format_version: 1 };
const emptyWorkspace = (cases: unknown[]) =>
  JSON.stringify({ format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, exported_at: 'x', tables: { cases, runs: [], responses: [], scores: [], ratings: [], settings: [] } });

describe('case format migrations', () => {
  it('lists one step per version, in order, ending at the current version', () => {
    expect(CASE_MIGRATIONS.map((m) => m.to)).toEqual(CASE_MIGRATIONS.map((_, i) => i + 2));
    expect(CASE_FORMAT_VERSION).toBe(2);
  });

  it('brings a version 1 case to version 2 with its barriers not recorded', () => {
    const r = migrateCase(v1);
    expect(r).toEqual({ ok: true, value: { ...v1, format_version: 2 } });
    expect(r.ok && 'stated_barriers' in (r.value as object)).toBe(false);
  });

  it('leaves a current case, and values that are not versioned cases, as they are', () => {
    expect(migrateCase(v2)).toEqual({ ok: true, value: v2 });
    for (const v of [null, 'text', [1], {}, { format_version: '1' }, { format_version: 0 }]) expect(migrateCase(v)).toEqual({ ok: true, value: v });
  });

  it('refuses a version newer than it knows', () => {
    const r = migrateCase({ ...v2, format_version: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/format_version 3 is newer .*\(up to 2\)/);
  });
});

describe('reading cases of any version', () => {
  it('parses a version 1 file into a version 2 case without stated_barriers', () => {
    const r = parseCaseFile('old.json', JSON.stringify(v1));
    if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
    expect(r.value.format_version).toBe(2);
    expect(r.value.stated_barriers).toBeUndefined();
    expect(r.value.critical_actions).toEqual(v2.critical_actions);
  });

  it('round-trips a version 2 file, stated barriers included', () => {
    const first = parseCaseFile('a.json', v2Text);
    if (!first.ok) throw new Error(first.errors.map(formatLocated).join('\n'));
    expect(first.value.stated_barriers).toEqual(v2.stated_barriers);
    const again = parseCaseFile('b.json', serializeCase(first.value));
    expect(again).toEqual(first);
  });

  it('names the file and the field when a case is from a newer version', () => {
    const r = parseCaseFile('future.json', JSON.stringify({ ...v2, format_version: 3 }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(formatLocated(r.errors[0]!)).toMatch(/^future\.json: \$\.format_version: format_version 3 is newer/);
    }
  });

  it('migrates cases dropped on the library', () => {
    const r = importCaseFiles([{ path: 'old.json', text: JSON.stringify({ ...v1, id: 'old' }) }]);
    if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
    expect(r.cases[0]).toMatchObject({ id: 'old', format_version: 2 });
    expect(r.cases[0]!.stated_barriers).toBeUndefined();
  });

  it('migrates the cases of a workspace file, and locates a newer one inside it', () => {
    const r = parseWorkspace('ws.json', emptyWorkspace([v1]));
    if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
    expect(r.value.tables.cases[0]!.format_version).toBe(2);
    const future = parseWorkspace('ws.json', emptyWorkspace([v2, { ...v2, format_version: 3 }]));
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.errors).toEqual([expect.objectContaining({ file: 'ws.json', path: '$.tables.cases[1].format_version' })]);
  });
});
