import { z } from 'zod';
import { caseSchema } from '../caseSchema';
import { PROVIDER_KINDS } from '../domain';
import { parseJson, parseWith, type LocatedError, type Parsed } from '../located';
import { responseRecordSchema } from '../run/types';
import { scoreRecordSchema } from '../scoreRecord';

/**
 * An evidence pack: one JSON file that lets anyone check a study's numbers without the tool
 * that made them. Version 1 holds, in this order:
 *
 * - `about`: the format name and version, when the pack was made, and the local scorer's
 *   version in the tool that made it;
 * - `cases`: every case the responses answer, as loaded (migrated to the current case format);
 * - `responses`: per response, `provider` (the provider kind and base URL it was sent to, read
 *   from its model id; null for an id of no known provider) and `record`, the run's JSONL record
 *   unchanged: the exact request (`record.request`: model, messages, temperature, max tokens),
 *   the raw answer, status, finish reason, usage and cost. API keys and auth headers are never
 *   stored anywhere in a run, and the pack writer refuses a pack in which a key it was given appears;
 * - `scores`: every verdict (local scorer, judges, human ratings, imports) as score files store
 *   it, each with `scorer`, `scorer_kind` and `scorer_version`;
 * - `hashes`: SHA-256 (hex) of the canonical JSON (keys sorted, no spaces; see hash.ts) of each
 *   record (`records.cases[i]` is the hash of `cases[i]`, and so on), of each section whole
 *   (`sections`), and of the whole content (`content`: the pack without its `hashes` member).
 *   Publishing the content hash with a result pins every byte of evidence behind it.
 *
 * A reader refuses any other format name and any version it does not know.
 */
export const PACK_FORMAT = 'iatroscope-evidence-pack';
export const PACK_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash: 64 lower-case hex digits');

export const packAboutSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  version: z.literal(PACK_VERSION),
  created_at: z.string(),
  tool: z.strictObject({ name: z.string(), local_scorer_version: z.string() }),
});

/** Where a request went. A key never belongs here: the schema has no field for one. */
export const packProviderSchema = z.strictObject({
  kind: z.enum(PROVIDER_KINDS),
  base_url: z.string().nullable(),
});

export const packResponseSchema = z.strictObject({
  provider: packProviderSchema.nullable(),
  record: responseRecordSchema,
});

const sectionHashes = z.strictObject({ about: sha256, cases: sha256, responses: sha256, scores: sha256 });

export const packHashesSchema = z.strictObject({
  algorithm: z.literal('SHA-256'),
  records: z.strictObject({ cases: z.array(sha256), responses: z.array(sha256), scores: z.array(sha256) }),
  sections: sectionHashes,
  content: sha256,
});

export const evidencePackSchema = z.strictObject({
  about: packAboutSchema,
  cases: z.array(caseSchema),
  responses: z.array(packResponseSchema),
  scores: z.array(scoreRecordSchema),
  hashes: packHashesSchema,
});

export type EvidencePack = z.infer<typeof evidencePackSchema>;
export type PackResponse = z.infer<typeof packResponseSchema>;
export type PackProvider = z.infer<typeof packProviderSchema>;
export type PackHashes = z.infer<typeof packHashesSchema>;
/** The hashed sections, in the order the content hash reads them. */
export const PACK_SECTIONS = ['about', 'cases', 'responses', 'scores'] as const;
export type PackSection = (typeof PACK_SECTIONS)[number];
/** The sections that hold records, each with one hash per record. */
export const RECORD_SECTIONS = ['cases', 'responses', 'scores'] as const;

/** A pack as read: checked against the schema, plus the JSON exactly as in the file, which the hashes are checked against. */
export interface ReadPack {
  pack: EvidencePack;
  raw: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a pack file. A file of another format, or of a version this tool does not know, is
 * refused with a message saying so before any field is checked; otherwise errors name the field
 * at fault (`$.responses[3].record.text`).
 */
export function readPack(file: string, text: string): Parsed<ReadPack> {
  const json = parseJson(file, text);
  if (!json.ok) return json;
  const raw = json.value;
  const about = isObj(raw) && isObj(raw.about) ? raw.about : null;
  if (!isObj(raw) || about?.format !== PACK_FORMAT) {
    return { ok: false, errors: [{ file, path: '$.about.format', message: `not an evidence pack (expected "${PACK_FORMAT}")` }] };
  }
  if (about.version !== PACK_VERSION) {
    const newer = typeof about.version === 'number' && about.version > PACK_VERSION;
    const message = newer
      ? `evidence pack version ${about.version} is newer than this tool reads (version ${PACK_VERSION}); update iatroscope to open it`
      : `evidence pack version ${JSON.stringify(about.version)} is not one this tool knows (it reads version ${PACK_VERSION})`;
    return { ok: false, errors: [{ file, path: '$.about.version', message }] };
  }
  const parsed = parseWith(file, evidencePackSchema, raw);
  if (!parsed.ok) return parsed;
  const errors = danglingReferences(file, parsed.value);
  return errors.length ? { ok: false, errors } : { ok: true, value: { pack: parsed.value, raw } };
}

/** Responses must answer a packed case and scores be on a packed response: the viewer and rescoring rely on it. */
function danglingReferences(file: string, pack: EvidencePack): LocatedError[] {
  const cases = new Set(pack.cases.map((c) => c.id));
  const responses = new Set(pack.responses.map((r) => r.record.id));
  const errors: LocatedError[] = [];
  pack.responses.forEach((r, i) => {
    if (!cases.has(r.record.case_id)) errors.push({ file, path: `$.responses[${i}].record.case_id`, message: `case "${r.record.case_id}" is not in the pack` });
  });
  pack.scores.forEach((s, i) => {
    if (!responses.has(s.response_id)) errors.push({ file, path: `$.scores[${i}].response_id`, message: `response "${s.response_id}" is not in the pack` });
  });
  return errors;
}
