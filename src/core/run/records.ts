import { responseId } from '../domain';
import type { ChatResult, ProviderError } from '../provider';
import type { Outcome } from './scheduler';
import type { Cell, Price, ResponseRecord } from './types';

/** The fields of a record that come from an answer: its text, status, usage and cost. */
export type AnswerFields = Pick<
  ResponseRecord,
  'text' | 'finish_reason' | 'raw_finish_reason' | 'status' | 'usage' | 'latency_ms' | 'cost_usd' | 'error' | 'served_model'
>;

/**
 * An empty answer or a content-filter stop is 'filtered', never an error. An answer cut at the
 * size cap is 'truncated', its note in `error` so every view that shows errors says why.
 */
export function answerFields(r: ChatResult, price: Price | undefined): AnswerFields {
  const filtered = r.finish_reason === 'content_filter' || r.text.trim() === '';
  const { input_tokens: i, output_tokens: o } = r.usage;
  return {
    text: r.text,
    finish_reason: r.finish_reason,
    raw_finish_reason: r.raw_finish_reason,
    status: r.truncated ? 'truncated' : filtered ? 'filtered' : 'ok',
    usage: { input_tokens: i, output_tokens: o },
    latency_ms: r.latency_ms,
    cost_usd: price && i !== null && o !== null ? (i * price.input_per_mtok + o * price.output_per_mtok) / 1e6 : null,
    error: r.truncated ? `Truncated: the answer passed ${r.text.length.toLocaleString('en')} characters, far beyond its max tokens, and was cut there.` : null,
    served_model: r.model,
  };
}

/** A request that got no answer after its retries: recorded as status 'error' with the plain message. */
export function errorFields(err: ProviderError, latencyMs: number): AnswerFields {
  return {
    text: '',
    finish_reason: 'error',
    raw_finish_reason: null,
    status: 'error',
    usage: { input_tokens: null, output_tokens: null },
    latency_ms: latencyMs,
    cost_usd: null,
    error: err.message,
    served_model: null,
  };
}

/** A cell as it was sent: what its record keeps whatever the answer. */
export interface SentCell {
  runId: string;
  cell: Cell;
  request: ResponseRecord['request'];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The response record of a cell's outcome, completed at `completedAt` (clock ms). */
export function recordOf(sent: SentCell, outcome: Outcome<ChatResult>, completedAt: number, price: Price | undefined): ResponseRecord {
  const { cell } = sent;
  return {
    id: responseId(sent.runId, cell.key),
    run_id: sent.runId,
    case_id: cell.case_id,
    framing: cell.framing,
    model_id: cell.model_id,
    rep: cell.rep,
    request: sent.request,
    attempts: outcome.attempts,
    started_at: iso(outcome.startedAt),
    completed_at: iso(completedAt),
    ...(outcome.kind === 'done' ? answerFields(outcome.value, price) : errorFields(outcome.error, outcome.latencyMs)),
  };
}
