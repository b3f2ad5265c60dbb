import type { Case } from '../caseSchema';
import { PROVIDER_KINDS } from '../domain';
import type { ResponseRecord } from '../run/types';
import type { ScoreRecord } from '../scoreRecord';
import { LOCAL_SCORER_VERSION } from '../scoring/version';
import { PACK_FORMAT, PACK_SECTIONS, PACK_VERSION, RECORD_SECTIONS, type EvidencePack, type PackHashes, type PackProvider } from './format';
import { canonicalJson, hashValue, sha256Hex } from './hash';

export interface PackInput {
  /** Cases as loaded; only those the responses answer go into the pack. */
  cases: readonly Case[];
  responses: readonly ResponseRecord[];
  /** Every verdict to pack; each must be on one of the responses. */
  scores: readonly ScoreRecord[];
  created_at: string;
  /**
   * API keys the run may have used (the CLI passes the key variables of its environment). The
   * pack is refused if any of them appears anywhere in it: a key must never travel in a pack.
   */
  secrets?: readonly string[];
}

/**
 * The provider kind and base URL a response was sent to, read back from its model id
 * (`kind:model@baseUrl`, see modelIdFor in domain.ts). Null for an id of no known provider.
 */
export function providerOfResponse(r: Pick<ResponseRecord, 'model_id' | 'request'>): PackProvider | null {
  for (const kind of PROVIDER_KINDS) {
    const prefix = `${kind}:${r.request.model}`;
    if (r.model_id === prefix) return { kind, base_url: null };
    if (r.model_id.startsWith(`${prefix}@`)) return { kind, base_url: r.model_id.slice(prefix.length + 1) };
  }
  return null;
}

/** The hashes of a pack's content, as `hashes` holds them. */
export async function packHashes(content: Omit<EvidencePack, 'hashes'> | Record<string, unknown>): Promise<PackHashes> {
  const c = content as Record<string, unknown>;
  const list = async (section: string) => Promise.all(((c[section] as unknown[] | undefined) ?? []).map(hashValue));
  const [cases, responses, scores] = await Promise.all(RECORD_SECTIONS.map(list));
  const sectionHashes = await Promise.all(PACK_SECTIONS.map((s) => hashValue(c[s])));
  const sections = Object.fromEntries(PACK_SECTIONS.map((s, i) => [s, sectionHashes[i]!])) as PackHashes['sections'];
  const content_ = await sha256Hex(canonicalJson(Object.fromEntries(PACK_SECTIONS.map((s) => [s, c[s]]))));
  return { algorithm: 'SHA-256', records: { cases: cases!, responses: responses!, scores: scores! }, sections, content: content_ };
}

/** Where a secret appears in the pack, as a path; null when it appears nowhere. */
function secretAt(content: Omit<EvidencePack, 'hashes'>, secret: string): string | null {
  if (canonicalJson(content.about).includes(secret)) return '$.about';
  for (const section of RECORD_SECTIONS) {
    const i = (content[section] as unknown[]).findIndex((r) => canonicalJson(r).includes(secret));
    if (i >= 0) return `$.${section}[${i}]`;
  }
  return null;
}

/**
 * Builds an evidence pack. Throws when a response answers a case not given, a score is on a
 * response not given, or a secret appears in the content (the message names where, never the secret).
 */
export async function buildPack(input: PackInput): Promise<EvidencePack> {
  const caseById = new Map(input.cases.map((c) => [c.id, c]));
  const missingCases = [...new Set(input.responses.map((r) => r.case_id).filter((id) => !caseById.has(id)))];
  if (missingCases.length) throw new Error(`responses answer case(s) not among the cases given: ${missingCases.join(', ')}`);
  const responseIds = new Set(input.responses.map((r) => r.id));
  const orphan = input.scores.find((s) => !responseIds.has(s.response_id));
  if (orphan) throw new Error(`score ${orphan.id} is on response ${orphan.response_id}, which is not among the responses given`);

  const used = new Set(input.responses.map((r) => r.case_id));
  const content: Omit<EvidencePack, 'hashes'> = {
    about: { format: PACK_FORMAT, version: PACK_VERSION, created_at: input.created_at, tool: { name: 'iatroscope', local_scorer_version: LOCAL_SCORER_VERSION } },
    cases: input.cases.filter((c) => used.has(c.id)),
    responses: input.responses.map((record) => ({ provider: providerOfResponse(record), record })),
    scores: [...input.scores],
  };
  // JSON round trip: the pack holds exactly what its file will hold (no undefined members), so its hashes match a re-read.
  const plain = JSON.parse(JSON.stringify(content)) as Omit<EvidencePack, 'hashes'>;
  for (const secret of input.secrets ?? []) {
    // Very short values would match by chance; no real API key is this short.
    if (secret.length < 8) continue;
    const at = secretAt(plain, secret);
    if (at) throw new Error(`an API key appears in the pack at ${at}; nothing written (a key must never travel in a pack)`);
  }
  return { ...plain, hashes: await packHashes(plain) };
}

/** The pack as its file holds it. */
export function serializePack(pack: EvidencePack): string {
  return JSON.stringify(pack, null, 1) + '\n';
}
