/**
 * The batch wire formats of the provider test server (issue #17 item 4): OpenAI's Files and
 * Batches API, Anthropic's Message Batches and Gemini's batch mode with inlined requests, in the
 * shapes the official SDKs (openai 6, @anthropic-ai/sdk, @google/genai) send and read.
 *
 * Endpoints (keys and anthropic-version are checked as on the live endpoints):
 *   OpenAI     POST /v1/files                      multipart `file` (JSONL) + `purpose=batch` -> FileObject
 *              GET  /v1/files/{id}                 FileObject
 *              GET  /v1/files/{id}/content         the file: input, output or error JSONL
 *              POST /v1/batches                    {input_file_id, endpoint: "/v1/chat/completions", completion_window: "24h"} -> Batch
 *              GET  /v1/batches/{id}               Batch
 *              POST /v1/batches/{id}/cancel        Batch (status "cancelling")
 *   Anthropic  POST /v1/messages/batches           {requests: [{custom_id, params}]} -> MessageBatch
 *              GET  /v1/messages/batches/{id}      MessageBatch; results_url (absolute) once ended
 *              GET  /v1/messages/batches/{id}/results   JSONL, one line per request in submitted order
 *              POST /v1/messages/batches/{id}/cancel    MessageBatch (processing_status "canceling")
 *   Gemini     POST /v1beta/models/{model}:batchGenerateContent
 *                   {batch: {displayName?, inputConfig: {requests: {requests: [{request, metadata}]}}}} -> Operation
 *              GET  /v1beta/batches/{id}           Operation: metadata.state; once done, the inlined responses
 *                                                  in input order with their metadata, at metadata.output and response
 *              POST /v1beta/batches/{id}:cancel    {}
 *   (Gemini's file-input mode is not served: `inputConfig.fileName` gets a 400.)
 *
 * States. A batch moves one step per answer about it (its create, cancel and GET answers; file
 * downloads and Anthropic's results do not count), `batchPollsPerState` answers per in-progress state:
 *   OpenAI     validating -> in_progress -> finalizing -> completed | expired;
 *              validating -> failed (a line failed validation, or failValidation)
 *   Anthropic  in_progress -> ended
 *   Gemini     BATCH_STATE_PENDING -> BATCH_STATE_RUNNING -> BATCH_STATE_SUCCEEDED | _EXPIRED | _FAILED
 * With batchPollsPerState 1 an OpenAI batch is created "validating" and completed on the third GET,
 * an Anthropic batch ends on the first GET; with 0 the first GET finds every batch finished.
 * Cancel is accepted until an answer has shown the batch ended; the batch then shows
 * cancelling / canceling / BATCH_STATE_RUNNING for max(1, batchPollsPerState) answers (the cancel
 * reply included; Gemini's cancel replies {} and does count), then cancelled / ended /
 * BATCH_STATE_CANCELLED. Cancelling an ended batch gets 400.
 *
 * Items are answered when the batch is created, exactly as the live endpoint would answer the same
 * body (expectedAnswer, canned answers, and faults: a `status` fault makes the item errored with
 * that status, `content_filter` and `empty` answer as live, other kinds error with 500). An unknown
 * model or an unreadable body errors that item alone, as the live endpoint would refuse that call.
 * Validation: OpenAI checks every line of an uploaded batch file (JSON object, unique custom_id,
 * method POST, url /v1/chat/completions, one model per file, at most 50,000 lines) and a batch
 * made from a file with problems goes "failed" with `errors.data` (code, message, line). Anthropic
 * refuses a create with 400 (custom_id must match ^[a-zA-Z0-9_-]{1,64}$ and be unique, params an
 * object, at most 100,000 requests). Gemini refuses a body without inlined requests with 400.
 * Ended early: an expired OpenAI batch puts the unfinished items in its error file (code
 * batch_expired; batch_cancelled when cancelled), Anthropic lists them as `expired` / `canceled`,
 * Gemini gives them an `error` (code 4 DEADLINE_EXCEEDED / 1 CANCELLED) so the list keeps input order.
 *
 * Control (POST /__control):
 *   batchPollsPerState: n      answers per in-progress state (default 1, or the server option)
 *   batchOutcomes: [spec...]   a queue; each batch created takes the first spec for its format:
 *     {format?, errorKeys?: "regex on custom_id / metadata.key", errorItems?: [0-based positions],
 *      errorStatus?: 500, expireAfter?: n (expires with the first n items done),
 *      doneBeforeCancel?: n (if cancelled, the first n items had finished; default 0),
 *      failValidation?: "message" (OpenAI and Gemini: the batch fails; Anthropic: the create gets 400),
 *      times?: 1}
 *   clearBatchOutcomes: true
 * Stats (GET /__stats): `batches` counts accepted batch creations per format.
 *
 * CORS, as the real providers: Anthropic's batch endpoints and OpenAI's /v1/files endpoints never
 * answer a browser's preflight and send no CORS headers, so the browser app must export a batch
 * request file instead; OpenAI's /v1/batches and Gemini's batch endpoints follow the server's
 * `cors` setting like the live endpoints.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WireFormat } from './faults.ts';
import { answerBody, errorBody, parseGeneration, type Answer, type Generation } from './wireFormats.ts';

type Json = Record<string, unknown>;

/** How one batch outcome is injected; see the module comment. */
export interface BatchOutcome {
  format?: WireFormat;
  errorKeys?: string;
  errorItems?: number[];
  errorStatus?: number;
  expireAfter?: number;
  doneBeforeCancel?: number;
  failValidation?: string;
  times?: number;
}

/** What the live endpoint would give one request: an answer, or an error status and message. */
export type ItemAnswer = { answer: Answer } | { status: number; message: string };

export interface BatchContext {
  /** Answers one item as the live endpoint would (faults, canned answers, known models). */
  answer(g: Generation): ItemAnswer;
  /** This server's origin as the client reached it, for Anthropic's results_url. */
  origin: string;
}

export interface BatchReply {
  status: number;
  json?: unknown;
  jsonl?: string;
  /** A batch was accepted. */
  created?: boolean;
}

type Op = 'upload' | 'file' | 'content' | 'create' | 'get' | 'cancel' | 'results';
export interface BatchRoute {
  format: WireFormat;
  op: Op;
  id: string | null;
}

/** The limits the real APIs publish, checked here so a client's splitting is tested. */
export const OPENAI_MAX_LINES = 50_000;
export const ANTHROPIC_MAX_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const DAY_SECONDS = 86_400;

export function batchRouteOf(method: string, path: string): BatchRoute | null {
  const post = method === 'POST';
  const get = method === 'GET';
  let m: RegExpExecArray | null;
  if (path === '/v1/files' && post) return { format: 'openai', op: 'upload', id: null };
  if ((m = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path)) && get) return { format: 'openai', op: m[2] ? 'content' : 'file', id: m[1]! };
  if (path === '/v1/batches' && post) return { format: 'openai', op: 'create', id: null };
  if ((m = /^\/v1\/batches\/([^/]+)$/.exec(path)) && get) return { format: 'openai', op: 'get', id: m[1]! };
  if ((m = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path)) && post) return { format: 'openai', op: 'cancel', id: m[1]! };
  if (path === '/v1/messages/batches' && post) return { format: 'anthropic', op: 'create', id: null };
  if ((m = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path)) && get) {
    return { format: 'anthropic', op: m[2] ? 'results' : 'get', id: m[1]! };
  }
  if ((m = /^\/v1\/messages\/batches\/([^/]+)\/cancel$/.exec(path)) && post) return { format: 'anthropic', op: 'cancel', id: m[1]! };
  if ((m = /^\/v1beta\/models\/([^/:]+):batchGenerateContent$/.exec(path)) && post) {
    return { format: 'gemini', op: 'create', id: decodeURIComponent(m[1]!) };
  }
  if ((m = /^\/v1beta\/batches\/([^/:]+)$/.exec(path)) && get) return { format: 'gemini', op: 'get', id: m[1]! };
  if ((m = /^\/v1beta\/batches\/([^/:]+):cancel$/.exec(path)) && post) return { format: 'gemini', op: 'cancel', id: m[1]! };
  return null;
}

/** False where the real provider sends no CORS headers and ignores preflights. */
export function batchAllowsCors(path: string): boolean {
  return !(path === '/v1/files' || path.startsWith('/v1/files/') || path.startsWith('/v1/messages/batches'));
}

/** A problem in a control body's batch fields, or null. */
export function checkBatchControl(body: Json): string | null {
  const pps = body.batchPollsPerState;
  if (pps !== undefined && !(typeof pps === 'number' && Number.isInteger(pps) && pps >= 0)) {
    return 'batchPollsPerState must be a whole number >= 0';
  }
  if (body.batchOutcomes === undefined) return null;
  if (!Array.isArray(body.batchOutcomes)) return 'batchOutcomes must be an array';
  for (const o of body.batchOutcomes as Json[]) {
    if (!o || typeof o !== 'object') return 'each batch outcome must be an object';
    if (o.errorKeys !== undefined) {
      try {
        new RegExp(String(o.errorKeys));
      } catch {
        return `errorKeys is not a regular expression: ${String(o.errorKeys)}`;
      }
    }
    if (o.errorItems !== undefined && !Array.isArray(o.errorItems)) return 'errorItems must be an array of positions';
  }
  return null;
}

type ItemResult = { ok: true; body: Json } | { ok: false; status: number; message: string };
type Ending = 'completed' | 'expired' | 'cancelled' | 'failed';
/** An item's fate once the batch has ended. */
type Final = ItemResult | { ok: false; status: 0; message: 'expired' | 'canceled' };

interface Item {
  key: string;
  /** Gemini's per-request metadata, echoed back. */
  metadata?: unknown;
  result: ItemResult;
}

interface Batch {
  id: string;
  format: WireFormat;
  model: string;
  created: number;
  items: Item[];
  spec: BatchOutcome;
  /** OpenAI line problems, or the injected failure. */
  problems: Json[];
  answers: number;
  cancelAt: number | null;
  /** An answer has shown the batch ended. */
  endShown?: boolean;
  /** Unix seconds at which each state was first shown. */
  seen: Record<string, number>;
  inputFileId?: string;
  displayName?: string;
  metadata?: unknown;
  /** OpenAI output and error files, made when the batch ends. */
  outputFileId?: string | null;
  errorFileId?: string | null;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  created: number;
  text: string;
  /** Batch input: the parsed lines and the problems found in them. */
  lines?: Json[];
  problems?: Json[];
}

const PROGRESS: Record<WireFormat, string[]> = {
  openai: ['validating', 'in_progress', 'finalizing'],
  anthropic: ['in_progress'],
  gemini: ['BATCH_STATE_PENDING', 'BATCH_STATE_RUNNING'],
};
const CANCELLING: Record<WireFormat, string> = { openai: 'cancelling', anthropic: 'canceling', gemini: 'BATCH_STATE_RUNNING' };
const ENDED: Record<WireFormat, Record<Ending, string>> = {
  openai: { completed: 'completed', expired: 'expired', cancelled: 'cancelled', failed: 'failed' },
  anthropic: { completed: 'ended', expired: 'ended', cancelled: 'ended', failed: 'ended' },
  gemini: {
    completed: 'BATCH_STATE_SUCCEEDED',
    expired: 'BATCH_STATE_EXPIRED',
    cancelled: 'BATCH_STATE_CANCELLED',
    failed: 'BATCH_STATE_FAILED',
  },
};

const newId = (prefix: string, bytes = 12) => `${prefix}${randomBytes(bytes).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export class BatchStore {
  private files = new Map<string, StoredFile>();
  private batches = new Map<string, Batch>();
  private outcomes: BatchOutcome[] = [];
  private pollsPerState: number;

  constructor(private readonly defaultPollsPerState = 1) {
    this.pollsPerState = defaultPollsPerState;
  }

  control(c: { batchPollsPerState?: number; batchOutcomes?: BatchOutcome[]; clearBatchOutcomes?: boolean }): void {
    if (c.clearBatchOutcomes) this.outcomes = [];
    if (c.batchOutcomes) this.outcomes.push(...c.batchOutcomes.map((o) => ({ ...o, times: o.times ?? 1 })));
    if (c.batchPollsPerState !== undefined) this.pollsPerState = c.batchPollsPerState;
  }

  state(): { batchPollsPerState: number; batchOutcomes: BatchOutcome[] } {
    return { batchPollsPerState: this.pollsPerState, batchOutcomes: this.outcomes.map((o) => ({ ...o })) };
  }

  reset(): void {
    this.files.clear();
    this.batches.clear();
    this.outcomes = [];
    this.pollsPerState = this.defaultPollsPerState;
  }

  async handle(route: BatchRoute, req: IncomingMessage, ctx: BatchContext): Promise<BatchReply> {
    const { format, op, id } = route;
    if (op === 'upload') return this.upload(req);
    if (op === 'file' || op === 'content') {
      const file = this.files.get(id!);
      if (!file) return fail(format, 404, `No such File object: ${id}`);
      return op === 'file' ? { status: 200, json: fileObject(file) } : { status: 200, jsonl: file.text };
    }
    if (op === 'create') {
      const body = await readJson(req);
      if (!body) return fail(format, 400, 'The request body is not valid JSON.');
      if (format === 'openai') return this.createOpenai(body, ctx);
      if (format === 'anthropic') return this.createAnthropic(body, ctx);
      return this.createGemini(id!, body, ctx);
    }
    const batch = this.batches.get(id!);
    if (!batch || batch.format !== format) return fail(format, 404, notFound(format, id!));
    if (op === 'results') return this.results(batch);
    if (op === 'cancel') {
      // Judged by what the client last saw: a batch still shown in progress can be cancelled.
      if (batch.endShown) return fail(format, 400, `Cannot cancel a batch that has already ended (${this.status(batch)}).`);
      batch.cancelAt ??= batch.answers;
      if (format === 'gemini') {
        batch.answers += 1;
        return { status: 200, json: {} };
      }
    }
    return { status: 200, json: this.view(batch, ctx) };
  }

  // ---- uploads and creation ----

  private async upload(req: IncomingMessage): Promise<BatchReply> {
    const form = await readForm(req);
    const file = form?.get('file');
    const purpose = form?.get('purpose');
    if (!form || !(file instanceof Blob)) return fail('openai', 400, "Missing required parameter: 'file'.");
    if (typeof purpose !== 'string') return fail('openai', 400, "Missing required parameter: 'purpose'.");
    if (purpose !== 'batch') return fail('openai', 400, `The test server only stores batch files, not purpose '${purpose}'.`);
    const text = await file.text();
    const stored: StoredFile = {
      id: newId('file-'),
      filename: file instanceof File ? file.name : 'upload.jsonl',
      purpose,
      created: nowSeconds(),
      text,
      ...checkBatchFile(text),
    };
    this.files.set(stored.id, stored);
    return { status: 200, json: fileObject(stored) };
  }

  private createOpenai(body: Json, ctx: BatchContext): BatchReply {
    if (typeof body.input_file_id !== 'string') return fail('openai', 400, "Missing required parameter: 'input_file_id'.");
    if (body.endpoint !== '/v1/chat/completions') {
      return fail('openai', 400, `The test server runs batches on /v1/chat/completions only, not ${JSON.stringify(body.endpoint)}.`);
    }
    if (body.completion_window !== '24h') return fail('openai', 400, "Invalid completion_window: only '24h' is supported.");
    const file = this.files.get(body.input_file_id);
    if (!file) return fail('openai', 404, `No such File object: ${body.input_file_id}`);
    if (!file.lines) return fail('openai', 400, `File ${file.id} was not uploaded with purpose 'batch'.`);
    const spec = this.takeOutcome('openai');
    const problems = [...(file.problems ?? [])];
    if (spec.failValidation) problems.push({ code: 'invalid_request', message: spec.failValidation, param: null, line: null });
    const requests = problems.length ? [] : file.lines.map((l) => ({ key: String(l.custom_id), body: l.body as Json }));
    const model = problems.length ? '' : String(file.lines[0]?.body && (file.lines[0].body as Json).model);
    const batch = this.addBatch('openai', model, requests, spec, ctx);
    Object.assign(batch, { problems, inputFileId: file.id, metadata: body.metadata ?? null });
    return this.created(batch, ctx);
  }

  private createAnthropic(body: Json, ctx: BatchContext): BatchReply {
    const problem = checkAnthropicRequests(body.requests);
    if (problem) return fail('anthropic', 400, problem);
    const spec = this.takeOutcome('anthropic');
    if (spec.failValidation) return fail('anthropic', 400, spec.failValidation);
    const requests = (body.requests as Json[]).map((r) => ({ key: r.custom_id as string, body: r.params as Json }));
    return this.created(this.addBatch('anthropic', '', requests, spec, ctx), ctx);
  }

  private createGemini(model: string, body: Json, ctx: BatchContext): BatchReply {
    const batchBody = (body.batch ?? null) as Json | null;
    const input = (batchBody?.inputConfig ?? null) as Json | null;
    if (input && input.fileName !== undefined) {
      return fail('gemini', 400, 'The test server serves inlined requests only, not inputConfig.fileName.');
    }
    const list = ((input?.requests ?? null) as Json | null)?.requests;
    if (!Array.isArray(list) || list.length === 0) {
      return fail('gemini', 400, '* BatchGenerateContentRequest.batch.input_config: inlined requests are required');
    }
    const requests = (list as Json[]).map((r, i) => {
      const metadata = r?.metadata;
      const key = metadata && typeof (metadata as Json).key === 'string' ? ((metadata as Json).key as string) : String(i);
      return { key, body: (r?.request ?? {}) as Json, metadata };
    });
    const name = model.replace(/^models\//, '');
    const spec = this.takeOutcome('gemini');
    const batch = this.addBatch('gemini', name, requests, spec, ctx);
    batch.displayName = typeof batchBody?.displayName === 'string' ? batchBody.displayName : undefined;
    if (spec.failValidation) batch.problems.push({ code: 3, message: spec.failValidation });
    return this.created(batch, ctx);
  }

  private created(batch: Batch, ctx: BatchContext): BatchReply {
    return { status: 200, json: this.view(batch, ctx), created: true };
  }

  private addBatch(
    format: WireFormat,
    model: string,
    requests: { key: string; body: Json; metadata?: unknown }[],
    spec: BatchOutcome,
    ctx: BatchContext,
  ): Batch {
    const errorKeys = spec.errorKeys !== undefined ? new RegExp(spec.errorKeys) : null;
    const items = requests.map((r, i): Item => {
      const injected = errorKeys?.test(r.key) || spec.errorItems?.includes(i);
      const result: ItemResult = injected
        ? { ok: false, status: spec.errorStatus ?? 500, message: 'The test server failed this request on purpose.' }
        : answerItem(format, r.body, model, ctx);
      return { key: r.key, metadata: r.metadata, result };
    });
    const idPrefix = format === 'openai' ? 'batch_' : format === 'anthropic' ? 'msgbatch_' : '';
    const batch: Batch = {
      id: newId(idPrefix),
      format,
      model,
      created: nowSeconds(),
      items,
      spec,
      problems: [],
      answers: 0,
      cancelAt: null,
      seen: {},
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  private takeOutcome(format: WireFormat): BatchOutcome {
    const i = this.outcomes.findIndex((o) => !o.format || o.format === format);
    if (i < 0) return {};
    const spec = this.outcomes[i]!;
    spec.times = (spec.times ?? 1) - 1;
    if (spec.times <= 0) this.outcomes.splice(i, 1);
    return { ...spec };
  }

  // ---- states ----

  /** How the batch ends, once it has; null while in progress. */
  private ending(b: Batch): Ending | null {
    const pps = this.pollsPerState;
    if (b.cancelAt !== null) return b.answers - b.cancelAt >= Math.max(1, pps) ? 'cancelled' : null;
    const steps = b.problems.length > 0 ? 1 : PROGRESS[b.format].length;
    const step = pps === 0 ? (b.answers === 0 ? 0 : steps) : Math.floor(b.answers / pps);
    if (step < steps) return null;
    if (b.problems.length > 0) return 'failed';
    return b.spec.expireAfter !== undefined ? 'expired' : 'completed';
  }

  private status(b: Batch): string {
    const end = this.ending(b);
    if (end) return ENDED[b.format][end];
    if (b.cancelAt !== null) return CANCELLING[b.format];
    const pps = this.pollsPerState;
    return PROGRESS[b.format][pps === 0 ? 0 : Math.floor(b.answers / pps)]!;
  }

  /** The batch as its format shows it now; counts as one answer (one poll). */
  private view(b: Batch, ctx: BatchContext): Json {
    const status = this.status(b);
    b.seen[status] ??= nowSeconds();
    if (b.cancelAt !== null) b.seen.cancel ??= nowSeconds();
    const ending = this.ending(b);
    const finals = ending ? finalResults(b, ending) : null;
    b.answers += 1;
    b.endShown ||= ending !== null;
    if (b.format === 'openai') return this.openaiView(b, status, finals);
    if (b.format === 'anthropic') return anthropicView(b, status, finals, ctx.origin);
    return geminiView(b, status, finals);
  }

  private openaiView(b: Batch, status: string, finals: Final[] | null): Json {
    if (finals && b.outputFileId === undefined) this.writeOpenaiFiles(b, finals);
    const at = (s: string) => b.seen[s] ?? null;
    const ok = finals?.filter((f) => f.ok) ?? [];
    return {
      id: b.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      model: b.model || undefined,
      errors: b.problems.length ? { object: 'list', data: b.problems } : null,
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status,
      output_file_id: b.outputFileId ?? null,
      error_file_id: b.errorFileId ?? null,
      created_at: b.created,
      in_progress_at: at('in_progress'),
      expires_at: b.created + DAY_SECONDS,
      finalizing_at: at('finalizing'),
      completed_at: at('completed'),
      failed_at: at('failed'),
      expired_at: at('expired'),
      cancelling_at: b.seen.cancel ?? null,
      cancelled_at: at('cancelled'),
      request_counts: { total: b.items.length, completed: ok.length, failed: finals ? finals.length - ok.length : 0 },
      usage: finals ? openaiUsage(ok) : undefined,
      metadata: b.metadata ?? null,
    };
  }

  private writeOpenaiFiles(b: Batch, finals: Final[]): void {
    const out: string[] = [];
    const errors: string[] = [];
    finals.forEach((f, i) => {
      const line = openaiResultLine(b.items[i]!.key, f);
      (f.ok ? out : errors).push(JSON.stringify(line));
    });
    const store = (lines: string[], name: string): string | null => {
      if (lines.length === 0) return null;
      const file: StoredFile = { id: newId('file-'), filename: name, purpose: 'batch_output', created: nowSeconds(), text: lines.join('\n') + '\n' };
      this.files.set(file.id, file);
      return file.id;
    };
    b.outputFileId = store(out, `${b.id}_output.jsonl`);
    b.errorFileId = store(errors, `${b.id}_error.jsonl`);
  }

  private results(b: Batch): BatchReply {
    const ending = this.ending(b);
    if (!ending) return fail('anthropic', 404, `Results for batch ${b.id} are not available until it has ended.`);
    const lines = finalResults(b, ending).map((f, i) => JSON.stringify({ custom_id: b.items[i]!.key, result: anthropicResult(f) }));
    return { status: 200, jsonl: lines.join('\n') + '\n' };
  }
}

// ---- item answers ----

function answerItem(format: WireFormat, body: Json, model: string, ctx: BatchContext): ItemResult {
  const g = parseGeneration(format, body ?? {}, format === 'gemini' ? model : null, false);
  if (typeof g === 'string') return { ok: false, status: 400, message: g };
  if (g.stream) return { ok: false, status: 400, message: 'stream: streaming is not supported in batches' };
  const answered = ctx.answer(g);
  if ('status' in answered) return { ok: false, status: answered.status, message: answered.message };
  return { ok: true, body: answerBody(g, answered.answer) };
}

function finalResults(b: Batch, ending: Ending): Final[] {
  if (ending === 'failed') return [];
  const done = ending === 'expired' ? (b.spec.expireAfter ?? 0) : ending === 'cancelled' ? (b.spec.doneBeforeCancel ?? 0) : b.items.length;
  const missing = ending === 'expired' ? 'expired' : 'canceled';
  return b.items.map((item, i) => (i < done ? item.result : { ok: false, status: 0, message: missing }));
}

// ---- OpenAI shapes ----

/** The real error messages are OpenAI's; these say the same in this project's words. */
const OPENAI_UNFINISHED = {
  expired: { code: 'batch_expired', message: 'The batch expired before this request was run.' },
  canceled: { code: 'batch_cancelled', message: 'The batch was cancelled before this request was run.' },
};

function openaiResultLine(key: string, f: Final): Json {
  const line: Json = { id: newId('batch_req_', 8), custom_id: key };
  if (f.ok) return { ...line, response: { status_code: 200, request_id: newId('req_', 8), body: f.body }, error: null };
  if (f.status === 0) return { ...line, response: null, error: OPENAI_UNFINISHED[f.message as 'expired' | 'canceled'] };
  return { ...line, response: { status_code: f.status, request_id: newId('req_', 8), body: errorBody('openai', f.status, f.message) }, error: null };
}

function openaiUsage(ok: Final[]): Json {
  let input = 0;
  let output = 0;
  for (const f of ok) {
    const usage = (f.ok ? f.body.usage : null) as Json | null;
    input += Number(usage?.prompt_tokens ?? 0);
    output += Number(usage?.completion_tokens ?? 0);
  }
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function fileObject(f: StoredFile): Json {
  return {
    id: f.id,
    object: 'file',
    bytes: Buffer.byteLength(f.text),
    created_at: f.created,
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
    expires_at: null,
  };
}

/** Checks every line of a batch input file as OpenAI's validation step does. */
function checkBatchFile(text: string): { lines: Json[]; problems: Json[] } {
  const lines: Json[] = [];
  const problems: Json[] = [];
  const ids = new Set<string>();
  let model: unknown;
  const raw = text.split('\n').filter((l) => l.trim() !== '');
  const problem = (line: number, code: string, message: string, param: string | null = null) =>
    problems.push({ code, message, param, line });
  if (raw.length === 0) problem(1, 'empty_file', 'The input file has no requests.');
  if (raw.length > OPENAI_MAX_LINES) problem(OPENAI_MAX_LINES + 1, 'too_many_requests', `A batch holds at most ${OPENAI_MAX_LINES} requests.`);
  raw.forEach((text, i) => {
    const n = i + 1;
    let line: Json | null = null;
    try {
      const v: unknown = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) line = v as Json;
    } catch {
      // reported below
    }
    if (!line) return problem(n, 'invalid_json_line', `Line ${n} is not a JSON object.`);
    lines.push(line);
    const id = line.custom_id;
    if (typeof id !== 'string' || id === '') return problem(n, 'missing_required_parameter', `Line ${n} has no custom_id.`, 'custom_id');
    if (ids.has(id)) problem(n, 'duplicate_custom_id', `The custom_id '${id}' on line ${n} is used on an earlier line.`, 'custom_id');
    ids.add(id);
    if (line.method !== 'POST') problem(n, 'invalid_method', `Line ${n}: method must be POST.`, 'method');
    if (line.url !== '/v1/chat/completions') problem(n, 'invalid_url', `Line ${n}: url must be /v1/chat/completions.`, 'url');
    const body = line.body;
    if (!body || typeof body !== 'object') return problem(n, 'missing_required_parameter', `Line ${n} has no body.`, 'body');
    const lineModel = (body as Json).model;
    if (model === undefined) model = lineModel;
    else if (lineModel !== model) {
      problem(n, 'mismatched_model', `Line ${n} uses model ${String(lineModel)}; every request in a file must use ${String(model)}.`, 'body.model');
    }
  });
  return { lines, problems };
}

// ---- Anthropic shapes ----

function checkAnthropicRequests(requests: unknown): string | null {
  if (!Array.isArray(requests)) return 'requests: Field required';
  if (requests.length === 0) return 'requests: List should have at least 1 item after validation, not 0';
  if (requests.length > ANTHROPIC_MAX_REQUESTS) return `requests: a batch holds at most ${ANTHROPIC_MAX_REQUESTS} requests`;
  const ids = new Set<string>();
  for (const [i, r] of (requests as Json[]).entries()) {
    const id = r?.custom_id;
    if (typeof id !== 'string' || !CUSTOM_ID.test(id)) {
      return `requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    }
    if (ids.has(id)) return `requests.${i}.custom_id: '${id}' is not unique within the batch`;
    ids.add(id);
    if (!r.params || typeof r.params !== 'object') return `requests.${i}.params: Field required`;
  }
  return null;
}

function anthropicView(b: Batch, status: string, finals: Final[] | null, origin: string): Json {
  const count = (type: string) => (finals ?? []).filter((f) => anthropicResult(f).type === type).length;
  return {
    id: b.id,
    type: 'message_batch',
    processing_status: status,
    request_counts: {
      processing: finals ? 0 : b.items.length,
      succeeded: count('succeeded'),
      errored: count('errored'),
      canceled: count('canceled'),
      expired: count('expired'),
    },
    created_at: iso(b.created),
    expires_at: iso(b.created + DAY_SECONDS),
    ended_at: finals ? iso(b.seen.ended ?? nowSeconds()) : null,
    archived_at: null,
    cancel_initiated_at: b.seen.cancel ? iso(b.seen.cancel) : null,
    results_url: finals ? `${origin}/v1/messages/batches/${b.id}/results` : null,
  };
}

function anthropicResult(f: Final): Json {
  if (f.ok) return { type: 'succeeded', message: f.body };
  if (f.status === 0) return { type: f.message };
  return { type: 'errored', error: errorBody('anthropic', f.status, f.message) };
}

// ---- Gemini shapes ----

/** google.rpc.Code for an HTTP status, as Status objects carry it. */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 500: 13, 503: 14, 504: 4 };

function geminiView(b: Batch, state: string, finals: Final[] | null): Json {
  const name = `batches/${b.id}`;
  const ok = finals?.filter((f) => f.ok).length ?? 0;
  const metadata: Json = {
    '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch',
    name,
    model: `models/${b.model}`,
    displayName: b.displayName,
    createTime: iso(b.created),
    updateTime: iso(nowSeconds()),
    batchStats: {
      requestCount: String(b.items.length),
      successfulRequestCount: String(ok),
      failedRequestCount: String(finals ? finals.length - ok : 0),
      pendingRequestCount: String(finals ? 0 : b.items.length),
    },
    state,
  };
  if (!finals) return { name, metadata };
  metadata.endTime = iso(nowSeconds());
  if (b.problems.length > 0) {
    const problem = b.problems[0]!;
    return { name, metadata, done: true, error: { code: problem.code, message: problem.message } };
  }
  const inlinedResponses = { inlinedResponses: finals.map((f, i) => geminiResponse(b.items[i]!, f)) };
  metadata.output = { inlinedResponses };
  return {
    name,
    metadata,
    done: true,
    response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput', inlinedResponses },
  };
}

/** Unfinished items keep their place in the list: DEADLINE_EXCEEDED (4) and CANCELLED (1). */
const GEMINI_UNFINISHED = {
  expired: { code: 4, message: 'The batch expired before this request was run.' },
  canceled: { code: 1, message: 'The batch was cancelled before this request was run.' },
};

function geminiResponse(item: Item, f: Final): Json {
  const out: Json = {};
  if (f.ok) out.response = f.body;
  else if (f.status === 0) out.error = GEMINI_UNFINISHED[f.message as 'expired' | 'canceled'];
  else out.error = { code: GRPC_CODE[f.status] ?? 2, message: f.message };
  if (item.metadata !== undefined) out.metadata = item.metadata;
  return out;
}

// ---- plumbing ----

function notFound(format: WireFormat, id: string): string {
  if (format === 'openai') return `No batch found with id '${id}'.`;
  if (format === 'anthropic') return `message_batch_id: no batch ${id}`;
  return `Requested entity was not found: batches/${id}`;
}

function fail(format: WireFormat, status: number, message: string): BatchReply {
  return { status, json: errorBody(format, status, message) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Json | null> {
  try {
    const v: unknown = JSON.parse((await readBody(req)).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

/** Parses a multipart body with the platform's own parser (undici's Request.formData). */
async function readForm(req: IncomingMessage): Promise<FormData | null> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return null;
  try {
    const body = new Uint8Array(await readBody(req));
    return await new Request('http://local/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
  } catch {
    return null;
  }
}
