import { framingKind } from '../caseSchema';
import { formatLocated } from '../located';
import type { ModelSpec, ResponseRecord } from '../run/types';
import type { RunRow } from '../workspaceFormat';
import type { EvidencePack } from './format';
import { readPack, type ReadPack } from './format';
import { verifyPackHashes } from './verify';

/** A pack file checked for opening: read, and every hash recomputed. */
export type PackCheck = { ok: true; read: ReadPack } | { ok: false; problems: string[] };

/**
 * Reads a pack file and recomputes its hashes, as `cli verify` does. A pack that does not read,
 * or whose hashes do not all match, is refused with each problem named (the field, or the record
 * and its id); the caller stores nothing then.
 */
export async function checkPackFile(file: string, text: string): Promise<PackCheck> {
  const read = readPack(file, text);
  if (!read.ok) return { ok: false, problems: read.errors.map(formatLocated) };
  const mismatches = await verifyPackHashes(read.value);
  if (mismatches.length) return { ok: false, problems: mismatches.map((m) => `${file}: ${m.path}: ${m.message}`) };
  return { ok: true, read: read.value };
}

/** The model spec a response was asked under, from the pack's record of where it went. */
function modelSpecOf(r: ResponseRecord, provider: EvidencePack['responses'][number]['provider']): ModelSpec {
  const kind = provider?.kind ?? 'scripted';
  return { model_id: r.model_id, model: r.request.model, provider: { kind, ...(provider?.base_url ? { baseUrl: provider.base_url } : {}) } };
}

/**
 * A pack holds responses, not the runs that made them: each run is rebuilt from its responses
 * (its cases, framings, models and repetitions, and the parameters of its first request) so the
 * app's run views can show it. Rebuilt runs are 'completed': nothing is left to ask.
 */
export function runRowsOfPack(pack: EvidencePack, file: string): RunRow[] {
  const byRun = new Map<string, EvidencePack['responses']>();
  for (const r of pack.responses) byRun.set(r.record.run_id, [...(byRun.get(r.record.run_id) ?? []), r]);
  return [...byRun].map(([id, rs]) => {
    const records = rs.map((r) => r.record);
    const models = new Map<string, ModelSpec>();
    for (const r of rs) if (!models.has(r.record.model_id)) models.set(r.record.model_id, modelSpecOf(r.record, r.provider));
    const framings = [...new Set(records.map((r) => r.framing))].filter((f) => framingKind.safeParse(f).success);
    const created = records.map((r) => r.started_at).sort()[0]!;
    return {
      id,
      created_at: created,
      spec: {
        id,
        name: `${id} (from ${file})`,
        created_at: created,
        case_ids: [...new Set(records.map((r) => r.case_id))],
        framings: framings as RunRow['spec']['framings'],
        models: [...models.values()],
        reps: Math.max(...records.map((r) => r.rep)) + 1,
        params: records[0]!.request.params,
        concurrency: 1,
      },
      state: 'completed',
      error: null,
    };
  });
}
