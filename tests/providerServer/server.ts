/**
 * The provider test server: a real HTTP server on 127.0.0.1 speaking the OpenAI-compatible,
 * Anthropic Messages and Gemini wire formats, with faults injected on demand. Tests, Playwright
 * specs and the benchmark drive it over HTTP (/__control, /__stats, /__reset) or through the
 * returned handle.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BatchStore,
  batchAllowsCors,
  batchRouteOf,
  checkBatchControl,
  type BatchOutcome,
  type BatchReply,
  type BatchRoute,
  type ItemAnswer,
} from './batches.ts';
import { FaultQueue, faultName, type FaultSpec, type WireFormat } from './faults.ts';
import {
  answerBody,
  badKeyResponse,
  errorBody,
  expectedAnswer,
  modelsBody,
  parseGeneration,
  streamFrames,
  unknownModelBody,
  wordDeltas,
  type Answer,
  type Generation,
} from './wireFormats.ts';

export { expectedAnswer, type BatchOutcome, type FaultSpec, type WireFormat };

export interface ProviderServerOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  host?: string;
  /** When set, every API request must carry this key in its format's header. */
  apiKey?: string | null;
  /** Send CORS headers and answer preflights (default true). */
  cors?: boolean;
  /** Known model ids (default ["test-model", "test-model-mini"]). */
  models?: string[];
  /** Delay before answering each API request. */
  latencyMs?: number;
  /** Delay between streamed frames. */
  deltaDelayMs?: number;
  /** Answers a batch gives in each in-progress state (default 1); see batches.ts. */
  batchPollsPerState?: number;
}

/** The JSON body of `POST /__control`; every field is optional. */
export interface ControlRequest {
  /** Appended to the fault queue. */
  faults?: FaultSpec[];
  /** Empty the queue first. */
  clearFaults?: boolean;
  latencyMs?: number;
  deltaDelayMs?: number;
  cors?: boolean;
  apiKey?: string | null;
  models?: string[];
  /**
   * Canned answers, kept until reset: a request whose last user message contains `match` (every
   * request when it is absent) gets `text` instead of the deterministic answer; the first match
   * wins and faults still come first. For judge tests, which need the server to answer in JSON.
   */
  answers?: CannedAnswer[];
  /** Forget the canned answers first. */
  clearAnswers?: boolean;
  /** Batch endpoints (batches.ts): answers per in-progress state. */
  batchPollsPerState?: number;
  /** Batch endpoints: outcomes for the next batches created (errored, expired items, failed validation). */
  batchOutcomes?: BatchOutcome[];
  clearBatchOutcomes?: boolean;
}

export interface CannedAnswer {
  match?: string;
  text: string;
}

export interface ControlState {
  faults: FaultSpec[];
  latencyMs: number;
  deltaDelayMs: number;
  cors: boolean;
  requiresKey: boolean;
  models: string[];
  answers: CannedAnswer[];
  batchPollsPerState: number;
  batchOutcomes: BatchOutcome[];
}

export interface ServerStats {
  /** Non-preflight API requests per path (query string left out). */
  requests: Record<string, number>;
  /** Faults applied, per name ("status:429", "hang", "stream_cut", ...). */
  faults: Record<string, number>;
  preflights: number;
  /** Requests that carried a key in the URL (?key=); the adapters must keep this at 0. */
  keyInQuery: number;
  /** Batches accepted per wire format, so a test can tell a rerun did not submit again. */
  batches: Record<WireFormat, number>;
}

export interface ProviderServer {
  readonly url: string;
  readonly port: number;
  control(request: ControlRequest): ControlState;
  stats(): ServerStats;
  reset(): void;
  close(): Promise<void>;
}

const FAULT_KINDS = new Set(['status', 'hang', 'stream_cut', 'content_filter', 'empty', 'json_error', 'cut_json', 'bad_sse_line', 'drip', 'huge']);

const QUOTA_MESSAGE = 'You exceeded your current quota, please check your plan and billing details.';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startProviderServer(options: ProviderServerOptions = {}): Promise<ProviderServer> {
  const initial = {
    apiKey: options.apiKey ?? null,
    cors: options.cors ?? true,
    models: options.models ?? ['test-model', 'test-model-mini'],
    latencyMs: options.latencyMs ?? 0,
    deltaDelayMs: options.deltaDelayMs ?? 0,
  };
  let settings = { ...initial };
  const queue = new FaultQueue();
  let answers: CannedAnswer[] = [];
  let stats: ServerStats = emptyStats();
  const batches = new BatchStore(options.batchPollsPerState ?? 1);

  function control(c: ControlRequest): ControlState {
    if (c.clearFaults) queue.clear();
    if (c.faults) queue.add(c.faults);
    if (c.clearAnswers) answers = [];
    if (c.answers) answers.push(...c.answers.map((a) => ({ ...a })));
    if (c.latencyMs !== undefined) settings.latencyMs = c.latencyMs;
    if (c.deltaDelayMs !== undefined) settings.deltaDelayMs = c.deltaDelayMs;
    if (c.cors !== undefined) settings.cors = c.cors;
    if (c.apiKey !== undefined) settings.apiKey = c.apiKey;
    if (c.models !== undefined) settings.models = c.models;
    batches.control(c);
    return state();
  }

  function state(): ControlState {
    const { apiKey, ...rest } = settings;
    const requiresKey = apiKey !== null;
    return { ...rest, requiresKey, faults: queue.pending(), answers: answers.map((a) => ({ ...a })), ...batches.state() };
  }

  function reset(): void {
    settings = { ...initial };
    queue.clear();
    answers = [];
    stats = emptyStats();
    batches.reset();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(e) } }, {});
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;

    if (path.startsWith('/__')) {
      // The control API always allows CORS, so a page can drive the server too.
      const cors = corsHeaders(req, true);
      if (req.method === 'OPTIONS') return preflight(req, res, true);
      if (path === '/__stats' && req.method === 'GET') return sendJson(res, 200, stats, cors);
      if (path === '/__reset' && req.method === 'POST') {
        reset();
        return sendJson(res, 200, state(), cors);
      }
      if (path === '/__control' && req.method === 'POST') {
        const body = await readJson(req);
        const problem = body === null ? 'body must be JSON' : checkControl(body);
        if (problem) return sendJson(res, 400, { error: problem }, cors);
        return sendJson(res, 200, control(body as ControlRequest), cors);
      }
      if (path === '/__control' && req.method === 'GET') return sendJson(res, 200, state(), cors);
      return sendJson(res, 404, { error: `unknown control path ${path}` }, cors);
    }

    // Real providers answer no preflight on some batch endpoints (batches.ts says which).
    const corsOn = settings.cors && batchAllowsCors(path);
    if (req.method === 'OPTIONS') {
      stats.preflights += 1;
      return preflight(req, res, corsOn);
    }
    stats.requests[path] = (stats.requests[path] ?? 0) + 1;
    const cors = corsHeaders(req, corsOn);

    const route = routeOf(req, path);
    if (!route) return sendJson(res, 404, { error: { message: `Unknown path ${req.method} ${path}` } }, cors);
    const { format } = route;

    if (settings.latencyMs > 0) await sleep(settings.latencyMs);

    const sentKey = keyOf(req, url, format);
    if (format === 'gemini' && url.searchParams.has('key')) stats.keyInQuery += 1;
    if (settings.apiKey !== null && sentKey !== settings.apiKey) {
      const bad = badKeyResponse(format, sentKey);
      return sendJson(res, bad.status, bad.body, cors);
    }
    if (format === 'anthropic' && !req.headers['anthropic-version']) {
      return sendJson(res, 400, errorBody(format, 400, 'anthropic-version: header is required'), cors);
    }

    if (route.kind === 'models') return sendJson(res, 200, modelsBody(format, settings.models), cors);
    if (route.kind === 'batch') return serveBatch(req, res, route.batch, cors);

    const body = await readJson(req);
    if (body === null) return sendJson(res, 400, errorBody(format, 400, 'The request body is not valid JSON.'), cors);
    const parsed = parseGeneration(format, body, route.model, route.stream);
    if (typeof parsed === 'string') return sendJson(res, 400, errorBody(format, 400, parsed), cors);
    if (!settings.models.includes(parsed.model)) return sendJson(res, 404, unknownModelBody(format, parsed.model), cors);

    const fault = queue.take(format, parsed.lastUser);
    if (fault) {
      const name = faultName(fault);
      stats.faults[name] = (stats.faults[name] ?? 0) + 1;
    }
    if (fault?.kind === 'hang') return; // the socket stays open until the client gives up
    if (fault?.kind === 'status') return sendStatusFault(res, format, fault, cors);
    if (fault?.kind === 'json_error' || fault?.kind === 'cut_json') return sendErrorIn200(res, format, fault, cors);

    const canned = answers.find((a) => a.match === undefined || parsed.lastUser.includes(a.match));
    const answer = planAnswer(parsed, fault, canned?.text);
    const cutAfter = fault?.kind === 'stream_cut' ? (fault.afterDeltas ?? 2) : null;
    if (parsed.stream) return sendStream(res, parsed, answer, { cutAfter, fault }, cors);
    if (cutAfter !== null) {
      // Non-streaming: headers and half of the body, then the connection drops.
      const text = JSON.stringify(answerBody(parsed, answer));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...cors });
      await write(res, text.slice(0, text.length >> 1));
      res.socket?.destroy();
      return;
    }
    return sendJson(res, 200, answerBody(parsed, answer), cors);
  }

  async function serveBatch(req: IncomingMessage, res: ServerResponse, route: BatchRoute, cors: Record<string, string>): Promise<void> {
    const reply = await batches.handle(route, req, { answer: answerItem, origin: `http://${req.headers.host ?? '127.0.0.1'}` });
    if (reply.created) stats.batches[route.format] += 1;
    sendBatchReply(res, reply, cors);
  }

  /** One request of a batch, answered as the live endpoint would answer it. */
  function answerItem(g: Generation): ItemAnswer {
    if (!settings.models.includes(g.model)) {
      const body = unknownModelBody(g.format, g.model).error as { message: string };
      return { status: 404, message: body.message };
    }
    const fault = queue.take(g.format, g.lastUser);
    if (fault) {
      const name = faultName(fault);
      stats.faults[name] = (stats.faults[name] ?? 0) + 1;
    }
    if (fault?.kind === 'status') return { status: fault.status, message: errorMessage(g.format, fault.status) };
    if (fault && !['content_filter', 'empty', 'huge'].includes(fault.kind)) return { status: 500, message: errorMessage(g.format, 500) };
    const canned = answers.find((a) => a.match === undefined || g.lastUser.includes(a.match));
    return { answer: planAnswer(g, fault, canned?.text) };
  }

  async function sendStream(
    res: ServerResponse,
    g: Generation,
    answer: Answer,
    { cutAfter, fault }: { cutAfter: number | null; fault: FaultSpec | null },
    cors: Record<string, string>,
  ): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...cors,
    });
    let deltas = 0;
    const badAfter = fault?.kind === 'bad_sse_line' ? (fault.afterDeltas ?? 1) : null;
    for (const frame of streamFrames(g, answer)) {
      if (res.destroyed) return;
      if (fault?.kind === 'drip') {
        for (const ch of frame.text) {
          if (res.destroyed) return;
          await write(res, ch);
          await sleep(fault.intervalMs ?? 200);
        }
      } else await write(res, frame.text);
      if (frame.delta) deltas += 1;
      if (badAfter !== null && frame.delta && deltas === badAfter) await write(res, 'data: {"choices": [{"delta": {"content": "lost\n\n');
      if (cutAfter !== null && deltas >= cutAfter) {
        res.socket?.destroy();
        return;
      }
      if (settings.deltaDelayMs > 0) await sleep(settings.deltaDelayMs);
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}`,
    port,
    control,
    stats: () => structuredClone(stats),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function emptyStats(): ServerStats {
  return { requests: {}, faults: {}, preflights: 0, keyInQuery: 0, batches: { openai: 0, anthropic: 0, gemini: 0 } };
}

type Route =
  | { format: WireFormat; kind: 'models' }
  | { format: WireFormat; kind: 'generate'; model: string | null; stream: boolean }
  | { format: WireFormat; kind: 'batch'; batch: BatchRoute };

function routeOf(req: IncomingMessage, path: string): Route | null {
  const batch = batchRouteOf(req.method ?? 'GET', path);
  if (batch) return { format: batch.format, kind: 'batch', batch };
  if (req.method === 'GET' && path === '/v1/models') {
    // Both OpenAI and Anthropic list models here; Anthropic clients always send anthropic-version.
    const anthropic = req.headers['anthropic-version'] !== undefined || req.headers['x-api-key'] !== undefined;
    return { format: anthropic ? 'anthropic' : 'openai', kind: 'models' };
  }
  if (req.method === 'GET' && path === '/v1beta/models') return { format: 'gemini', kind: 'models' };
  if (req.method !== 'POST') return null;
  if (path === '/v1/chat/completions') return { format: 'openai', kind: 'generate', model: null, stream: false };
  if (path === '/v1/messages') return { format: 'anthropic', kind: 'generate', model: null, stream: false };
  const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
  if (m) return { format: 'gemini', kind: 'generate', model: decodeURIComponent(m[1]!), stream: m[2] === 'streamGenerateContent' };
  return null;
}

function keyOf(req: IncomingMessage, url: URL, format: WireFormat): string | null {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : null;
  };
  if (format === 'openai') return bearer;
  if (format === 'anthropic') return header('x-api-key') ?? bearer;
  return header('x-goog-api-key') ?? url.searchParams.get('key');
}

function planAnswer(g: Generation, fault: FaultSpec | null, canned?: string): Answer {
  if (fault?.kind === 'content_filter') return { deltas: [], outcome: 'filter' };
  if (fault?.kind === 'huge') {
    // One shared string per delta: 50 MB to send costs the server no more than the frames.
    const size = fault.deltaChars ?? 1024;
    const n = Math.ceil((fault.chars ?? 50 * 1024 * 1024) / size);
    return { deltas: new Array<string>(n).fill('x'.repeat(size - 1) + ' '), outcome: 'stop' };
  }
  if (fault?.kind === 'empty') return { deltas: [], outcome: 'stop' };
  const deltas = wordDeltas(canned ?? expectedAnswer(g.model, g.lastUser));
  if (g.maxTokens !== null && g.maxTokens < deltas.length) return { deltas: deltas.slice(0, g.maxTokens), outcome: 'length' };
  return { deltas, outcome: 'stop' };
}

function sendStatusFault(
  res: ServerResponse,
  format: WireFormat,
  fault: Extract<FaultSpec, { kind: 'status' }>,
  cors: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...cors };
  const details: Record<string, unknown>[] = [];
  if (fault.retryAfter !== undefined) {
    headers['retry-after'] = String(fault.retryAfter);
    // Gemini states the wait in the body (google.rpc.RetryInfo) rather than in a header.
    if (typeof fault.retryAfter === 'number') {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.retryAfter}s` });
    }
  }
  const message = fault.status === 429 && format === 'gemini' ? 'You exceeded your current quota, please check your plan and billing details.' : undefined;
  sendJson(res, fault.status, errorBody(format, fault.status, message, null, details.length ? details : undefined), headers);
}

/** An error sent with HTTP 200 as the whole body; cut_json cuts it off inside, and ends cleanly. */
function sendErrorIn200(
  res: ServerResponse,
  format: WireFormat,
  fault: Extract<FaultSpec, { kind: 'json_error' | 'cut_json' }>,
  cors: Record<string, string>,
): void {
  const status = fault.status ?? 429;
  const message = fault.message ?? (status === 429 ? QUOTA_MESSAGE : undefined);
  const code = fault.code ?? (status === 429 ? 'insufficient_quota' : null);
  let text = JSON.stringify(errorBody(format, status, message, code));
  if (fault.kind === 'cut_json') text = text.slice(0, text.lastIndexOf('}') - 8);
  res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(text);
}

function corsHeaders(req: IncomingMessage, enabled: boolean): Record<string, string> {
  if (!enabled) return {};
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    vary: 'Origin',
    // Without this a page cannot read Retry-After on a cross-origin 429.
    'access-control-expose-headers': 'retry-after, request-id, x-request-id',
  };
}

function preflight(req: IncomingMessage, res: ServerResponse, enabled: boolean): void {
  if (!enabled) {
    res.writeHead(204).end();
    return;
  }
  const headers: Record<string, string> = {
    ...corsHeaders(req, true),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '600',
  };
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  res.writeHead(204, headers).end();
}

function errorMessage(format: WireFormat, status: number): string {
  const body = errorBody(format, status).error as { message: string };
  return body.message;
}

function sendBatchReply(res: ServerResponse, reply: BatchReply, cors: Record<string, string>): void {
  if (reply.jsonl === undefined) return sendJson(res, reply.status, reply.json, cors);
  res.writeHead(reply.status, { 'content-type': 'application/binary', ...cors }).end(reply.jsonl);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

function write(res: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function checkControl(body: Record<string, unknown>): string | null {
  const batchProblem = checkBatchControl(body);
  if (batchProblem) return batchProblem;
  if (body.faults !== undefined) {
    if (!Array.isArray(body.faults)) return 'faults must be an array';
    for (const f of body.faults as Record<string, unknown>[]) {
      if (!f || !FAULT_KINDS.has(f.kind as string)) return `unknown fault kind ${JSON.stringify(f?.kind)}`;
      if (f.kind === 'status' && typeof f.status !== 'number') return 'a status fault needs a numeric status';
    }
  }
  if (body.answers !== undefined) {
    if (!Array.isArray(body.answers)) return 'answers must be an array';
    for (const a of body.answers as Record<string, unknown>[]) {
      if (!a || typeof a.text !== 'string') return 'each answer needs a text string';
      if (a.match !== undefined && typeof a.match !== 'string') return 'an answer\'s match must be a string';
    }
  }
  return null;
}
