/**
 * The case format's versions, oldest first. Each step takes a case (raw parsed JSON, before the
 * schema) from the version before `to` up to `to`; a new format version appends one step here and
 * every reader (case files, imports, workspace files, bundled cases, the database upgrade) picks
 * it up. Steps see the raw value because an old file need not satisfy today's schema.
 */
type RawCase = Record<string, unknown>;

export interface CaseMigration {
  to: number;
  up: (c: RawCase) => RawCase;
}

export const CASE_MIGRATIONS: readonly CaseMigration[] = [
  // 2 added stated_barriers. A v1 case never stated any, and an absent field means "not stated",
  // so its data is already valid v2 data.
  { to: 2, up: (c) => c },
];

/**
 * The version this code writes. Typed as a number, not a literal, so that a case typed in a
 * test at an older version still type-checks; the schema accepts only this version after
 * migrating.
 */
export const CASE_FORMAT_VERSION: number = CASE_MIGRATIONS.at(-1)?.to ?? 1;

export type Migrated = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Brings a raw case up to CASE_FORMAT_VERSION. A value that is not an object with a whole
 * format_version from 1 up is returned as it is, for the schema to report; a version newer than
 * this code knows is an error (about `format_version`), since guessing at it could lose data.
 */
export function migrateCase(value: unknown): Migrated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: true, value };
  const from = (value as RawCase).format_version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) return { ok: true, value };
  if (from > CASE_FORMAT_VERSION) {
    return { ok: false, message: `format_version ${from} is newer than this version of Iatroscope reads (up to ${CASE_FORMAT_VERSION}); update Iatroscope to open it` };
  }
  let c = value as RawCase;
  for (const step of CASE_MIGRATIONS) {
    if (step.to > (c.format_version as number)) c = { ...step.up(c), format_version: step.to };
  }
  return { ok: true, value: c };
}
