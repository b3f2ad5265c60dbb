/**
 * The app's batch files: a run's requests as the file each provider's console (or the CLI) takes,
 * and a provider's results file read back as keyed results. No key goes into a file: the lines
 * hold the request bodies and the batch keys only. Reading loads no SDK client and makes no call.
 */
import type { ApiProviderKind } from '../../core/domain';
import { BatchImportError, type BatchResultLine } from '../../core/batch/runBatch';
import { lineBytes, splitAtLimits, type BatchLimits } from '../../core/batch/batchSplit';
import type { WireQuirks } from '../presets';
import type { BatchRequest, BatchResultItem } from './batchApi';
import {
  ANTHROPIC_BATCH_LIMITS,
  GEMINI_BATCH_LIMITS,
  OPENAI_BATCH_LIMITS,
  anthropicLine,
  anthropicResult,
  geminiFileLine,
  geminiResult,
  openaiLine,
  openaiResult,
} from './batchWire';

/** One file to download. */
export interface BatchRequestFile {
  name: string;
  text: string;
  requests: number;
  /** The model its requests ask; '' when several (Anthropic takes any mix). */
  model: string;
}

const LIMITS: Record<ApiProviderKind, BatchLimits> = { 'openai-compatible': OPENAI_BATCH_LIMITS, anthropic: ANTHROPIC_BATCH_LIMITS, gemini: GEMINI_BATCH_LIMITS };

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'batch';

/**
 * The batch input files for one provider: OpenAI JSONL for the Files API and Gemini's JSONL file
 * format, one model per file; Anthropic's Message Batches request body ({"requests": [...]}).
 * Each is cut at the provider's published limits (or `limits`, for tests).
 */
export function batchRequestFiles(kind: ApiProviderKind, base: string, items: readonly BatchRequest[], wire: WireQuirks = {}, limits = LIMITS[kind]): BatchRequestFile[] {
  const line = (r: BatchRequest): unknown => (kind === 'anthropic' ? anthropicLine(r) : kind === 'gemini' ? geminiFileLine(r) : openaiLine(r, wire));
  const groups = new Map<string, BatchRequest[]>();
  for (const item of items) {
    const model = kind === 'anthropic' ? '' : item.request.model;
    groups.set(model, [...(groups.get(model) ?? []), item]);
  }
  const files: BatchRequestFile[] = [];
  for (const [model, group] of groups) {
    const lines = group.map((r) => {
      const l = line(r);
      return { l, bytes: lineBytes(l) };
    });
    const parts = splitAtLimits(lines, limits);
    parts.forEach((part, i) => {
      const stem = safeName([base, kind === 'openai-compatible' ? 'openai' : kind, model, parts.length > 1 ? `part${i + 1}of${parts.length}` : ''].filter(Boolean).join('-'));
      const text = kind === 'anthropic' ? JSON.stringify({ requests: part.map((p) => p.l) }, null, 1) + '\n' : part.map((p) => JSON.stringify(p.l)).join('\n') + '\n';
      files.push({ name: `${stem}.${kind === 'anthropic' ? 'json' : 'jsonl'}`, text, requests: part.length, model });
    });
  }
  return files;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One results line of any of the three providers, by its fields. */
function resultOfLine(o: Json): BatchResultItem {
  if (typeof o.custom_id === 'string' && isObject(o.result) && typeof o.result.type === 'string') {
    if (!['succeeded', 'errored', 'expired', 'canceled'].includes(o.result.type)) throw new Error(`result type "${o.result.type}" is not one Anthropic gives`);
    return { key: o.custom_id, result: anthropicResult(o.result as never) };
  }
  if (typeof o.custom_id === 'string' && ('response' in o || 'error' in o)) return openaiResult(o);
  if (typeof o.key === 'string' && ('response' in o || 'error' in o || 'status' in o)) {
    return { key: o.key, result: geminiResult({ response: o.response as never, error: (o.error ?? o.status) as never }) };
  }
  throw new Error('this is not a result line of an OpenAI, Anthropic or Gemini batch (no custom_id with a response, error or result; no key with a response or error)');
}

/** Gemini's finished batch as its REST API gives it: the inlined responses, each with its metadata.key. */
function geminiInlinedResponses(o: Json): unknown[] | null {
  const holders = [o.response, isObject(o.metadata) ? o.metadata.output : undefined, o.dest, o.output, o];
  for (const h of holders) {
    if (!isObject(h)) continue;
    const inl = h.inlinedResponses;
    if (Array.isArray(inl)) return inl;
    if (isObject(inl) && Array.isArray(inl.inlinedResponses)) return inl.inlinedResponses;
  }
  return null;
}

function located(file: string, line: number, read: () => BatchResultItem): BatchResultLine {
  try {
    return { file, line, ...read() };
  } catch (e) {
    throw new BatchImportError(file, line, (e as Error).message);
  }
}

/**
 * The results in one file: OpenAI's output or error JSONL, Anthropic's results JSONL, Gemini's
 * output JSONL ({key, response | error}) or its finished batch JSON with inlined responses.
 * Throws BatchImportError naming the file and line of the first thing it cannot read.
 */
export function readBatchResults(file: string, text: string): BatchResultLine[] {
  const body = text.replace(/^\uFEFF/, '');
  let whole: unknown;
  try {
    whole = JSON.parse(body);
  } catch {
    whole = undefined;
  }
  const inlined = isObject(whole) ? geminiInlinedResponses(whole) : null;
  if (inlined) {
    return inlined.map((r, i) =>
      located(file, i + 1, () => {
        const key = isObject(r) && isObject(r.metadata) ? r.metadata.key : undefined;
        if (typeof key !== 'string') throw new Error('the inlined response has no metadata.key: it was not submitted from a file this app exported');
        return { key, result: geminiResult(r as never) };
      }),
    );
  }
  const out: BatchResultLine[] = [];
  body.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    out.push(
      located(file, i + 1, () => {
        let o: unknown;
        try {
          o = JSON.parse(raw);
        } catch (e) {
          throw new Error(`not a JSON line (${(e as Error).message})`);
        }
        if (!isObject(o)) throw new Error('not a JSON object');
        return resultOfLine(o);
      }),
    );
  });
  if (out.length === 0) throw new BatchImportError(file, 1, 'the file holds no results');
  return out;
}
