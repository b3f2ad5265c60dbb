import type { Case } from '../caseSchema';
import type { ScoreRecord } from '../scoreRecord';
import { localScoreRecords, LOCAL_SCORER } from '../scoring/localScoreRecord';
import { LOCAL_SCORER_VERSION } from '../scoring/version';
import { packHashes } from './build';
import { PACK_SECTIONS, RECORD_SECTIONS, type EvidencePack, type ReadPack } from './format';

/** One hash that does not match, with the path of what it covers. */
export interface HashMismatch {
  path: string;
  message: string;
}

const idOf = (section: string, record: unknown): string => {
  const r = record as Record<string, unknown> | null;
  const id = section === 'responses' ? (r?.record as Record<string, unknown> | undefined)?.id : r?.id;
  return typeof id === 'string' ? ` (${section === 'cases' ? 'case' : section === 'scores' ? 'score' : 'response'} ${id})` : '';
};

/**
 * Recomputes every hash of a pack from the JSON as read (not the schema's parse, which may fill
 * in defaults) and names each that does not match: a record, a section, the whole content.
 */
export async function verifyPackHashes({ pack, raw }: ReadPack): Promise<HashMismatch[]> {
  const found = await packHashes(raw);
  const stored = pack.hashes;
  const out: HashMismatch[] = [];
  for (const section of RECORD_SECTIONS) {
    const records = raw[section] as unknown[];
    const [want, got] = [stored.records[section], found.records[section]];
    if (want.length !== got.length) {
      out.push({ path: `$.${section}`, message: `${got.length} records but ${want.length} record hashes: records were added or removed` });
    }
    got.forEach((h, i) => {
      if (i < want.length && want[i] !== h) out.push({ path: `$.${section}[${i}]`, message: `hash does not match: this record${idOf(section, records[i])} was changed` });
    });
  }
  for (const section of PACK_SECTIONS) {
    if (stored.sections[section] !== found.sections[section]) out.push({ path: `$.${section}`, message: 'section hash does not match' });
  }
  if (stored.content !== found.content) out.push({ path: '$', message: 'content hash does not match' });
  return out;
}

/** Verdict fields the local scorer must reproduce exactly. */
const COMPARED = ['response_class', 'oh', 'ch', 'ttt', 'critical_actions', 'mechanism', 'filtered', 'approximate'] as const;

export interface RescoreMismatch {
  score_id: string;
  /** e.g. `oh: packed 2, rescored 1`. */
  differences: string[];
}

export interface RescoreReport {
  /** The local scorer's version in this tool. */
  current_version: string;
  /** Versions of the packed local scores, with how many each. */
  packed_versions: { version: string; n: number }[];
  /** Packed local scores from another version than this tool's: a mismatch is then expected, not evidence of tampering. */
  other_version: boolean;
  /** Packed local scores rescored and compared. */
  checked: number;
  mismatches: RescoreMismatch[];
}

const show = (v: unknown) => JSON.stringify(v);

function differences(packed: ScoreRecord, again: ScoreRecord): string[] {
  return COMPARED.filter((f) => show(packed[f]) !== show(again[f])).map((f) => `${f}: packed ${show(packed[f])}, rescored ${show(again[f])}`);
}

/** Rescores every response that has a packed local score, with this tool's local scorer, and compares the verdicts. */
export function rescoreLocal(pack: EvidencePack): RescoreReport {
  const local = pack.scores.filter((s) => s.scorer === LOCAL_SCORER);
  const counts = new Map<string, number>();
  for (const s of local) counts.set(s.scorer_version, (counts.get(s.scorer_version) ?? 0) + 1);
  const caseById = new Map<string, Case>(pack.cases.map((c) => [c.id, c]));
  const responseById = new Map(pack.responses.map((r) => [r.record.id, r.record]));
  const items = local.map((s) => ({ packed: s, response: responseById.get(s.response_id)!, case: caseById.get(responseById.get(s.response_id)!.case_id)! }));
  const again = localScoreRecords(items, '');
  const mismatches = items.flatMap((x, i) => {
    const d = differences(x.packed, again[i]!);
    return d.length ? [{ score_id: x.packed.id, differences: d }] : [];
  });
  const packed_versions = [...counts].map(([version, n]) => ({ version, n }));
  return {
    current_version: LOCAL_SCORER_VERSION,
    packed_versions,
    other_version: packed_versions.some((v) => v.version !== LOCAL_SCORER_VERSION),
    checked: items.length,
    mismatches,
  };
}
