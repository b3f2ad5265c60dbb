import { parseJsonlLines } from './jsonlStore';
import { UsageError, apiKeyFromEnv, cancellableOnSigint, progressDrawer } from './cliShared';
import { open, readFile, truncate } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Case } from '../core/caseSchema';
import { createJudgeRun, judgeScorer, JUDGE_PROTOCOLS, type JudgeProtocol, type ScoreStore } from '../core/judge';
import { formatLocated, parseJson, parseWith } from '../core/located';
import type { RunProgress, RunResult } from '../core/run/engine';
import { API_PROVIDER_KINDS, modelIdFor, type ApiProviderKind } from '../core/domain';
import { responseRecordSchema, type ModelSpec, type ResponseRecord } from '../core/run/types';
import { scoreRecordSchema, type ScoreRecord } from '../core/scoreRecord';
import { localScoreRecords, LOCAL_SCORER } from '../core/scoring/localScoreRecord';
import type { CliIO, Command } from './command';
import { loadCases } from './run';
import { keepAliveFetch } from './keepAliveFetch';
import type { BatchFlags } from './batch';
import { plural } from '../core/plural';

const USAGE =
  'score --cases <dir> --in <responses.jsonl> --out <scored.jsonl> ' +
  `[--judge <${API_PROVIDER_KINDS.join('|')}> [--base-url <url>] --model <name> --protocol single|structured [--concurrency N] [--batch [--poll-interval SECONDS] [--no-wait]]]`;

export interface ScoreOptions {
  casesDir: string;
  in: string;
  out: string;
  judge?: {
    kind: ApiProviderKind;
    baseUrl?: string;
    model: string;
    protocol: JudgeProtocol;
    concurrency: number;
    apiKey?: string;
    /** Through the provider's batch engine instead of live requests (batch.ts). */
    batch?: BatchFlags;
  };
}

export interface ScoreSummary {
  scorer: string;
  /** Verdicts written by this command. */
  written: number;
  /** Responses this scorer had already scored (skipped). */
  already: number;
  /** Responses with no answer (status 'error'): not scored. */
  unanswered: number;
  /** Judge only. */
  parse_failures: number;
  judge_errors: number;
  by_rule: number;
  result: RunResult | null;
}

/** Reads the `run` command's JSONL; every line must be a response record. */
export async function readResponses(path: string): Promise<ResponseRecord[]> {
  const records: ResponseRecord[] = [];
  for (const [i, line] of (await readFile(path, 'utf8')).split('\n').entries()) {
    if (line.trim() === '') continue;
    const where = `${path}:${i + 1}`;
    const json = parseJson(where, line);
    const parsed = json.ok ? parseWith(where, responseRecordSchema, json.value) : json;
    if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
    records.push(parsed.value);
  }
  return records;
}

/**
 * A ScoreStore over a JSONL file, one ScoreRecord per line, appended one line per write. As with
 * the response store, a crash leaves at most a cut last line, which opening the file removes.
 */
export async function openScoreJsonl(path: string): Promise<ScoreStore & { close(): Promise<void> }> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const ids = new Set<string>();
  const scored = new Map<string, Set<string>>();
  const claim = (r: Pick<ScoreRecord, 'id' | 'scorer' | 'response_id'>) => {
    ids.add(r.id);
    let s = scored.get(r.scorer);
    if (!s) scored.set(r.scorer, (s = new Set()));
    s.add(r.response_id);
  };
  const { records, cutAt } = parseJsonlLines(path, text, scoreRecordSchema);
  for (const r of records) {
    if (ids.has(r.id)) throw new Error(`${path}: score ${r.id} appears twice; the file was edited by hand?`);
    claim(r);
  }
  if (cutAt !== null) await truncate(path, cutAt);
  const file = await open(path, 'a');
  if (cutAt === null && text !== '' && !text.endsWith('\n')) await file.appendFile('\n', 'utf8');
  let queue: Promise<void> = Promise.resolve();
  return {
    scoredResponseIds: async (scorer) => new Set(scored.get(scorer)),
    put(record) {
      if (ids.has(record.id)) return Promise.reject(new Error(`score ${record.id} is already stored; a verdict is never written twice`));
      claim(record);
      const write = queue.then(() => file.appendFile(JSON.stringify(record) + '\n', 'utf8'));
      queue = write.catch(() => {});
      return write.catch((e: unknown) => {
        ids.delete(record.id);
        scored.get(record.scorer)?.delete(record.response_id);
        throw e;
      });
    },
    async close() {
      await queue;
      await file.close();
    },
  };
}

/** The `score` command without argument parsing. */
export async function scoreToJsonl(
  o: ScoreOptions,
  hooks: { onProgress?: (p: RunProgress) => void; onCancellable?: (cancel: () => void) => void } = {},
): Promise<ScoreSummary> {
  const cases = await loadCases(o.casesDir);
  const responses = await readResponses(o.in);
  const casesById = new Map<string, Case>(cases.map((c) => [c.id, c]));
  const missing = [...new Set(responses.map((r) => r.case_id).filter((id) => !casesById.has(id)))];
  if (missing.length) throw new Error(`${o.in} has responses to case(s) not in ${o.casesDir}: ${missing.join(', ')}`);

  const store = await openScoreJsonl(o.out);
  try {
    if (!o.judge) {
      const done = await store.scoredResponseIds(LOCAL_SCORER);
      const s: ScoreSummary = { scorer: LOCAL_SCORER, written: 0, already: 0, unanswered: 0, parse_failures: 0, judge_errors: 0, by_rule: 0, result: null };
      const todo: ResponseRecord[] = [];
      for (const r of responses) {
        if (r.status === 'error') s.unanswered++;
        else if (done.has(r.id)) s.already++;
        else {
          todo.push(r);
          done.add(r.id);
        }
      }
      for (const record of localScoreRecords(todo.map((r) => ({ response: r, case: casesById.get(r.case_id)! })))) {
        await store.put(record);
        s.written++;
      }
      return s;
    }

    const j = o.judge;
    const settings = { kind: j.kind, ...(j.baseUrl ? { baseUrl: j.baseUrl } : {}) };
    const judge: ModelSpec = { model_id: modelIdFor(settings, j.model), provider: settings, model: j.model };
    let written = 0;
    const run = createJudgeRun({
      protocol: j.protocol,
      judge,
      responses,
      cases,
      scoreStore: store,
      concurrency: j.concurrency,
      getProvider: async (m) => (await import('../providers/registry')).loadProvider({ ...m.provider, apiKey: j.apiKey, fetch: keepAliveFetch }),
      events: { onProgress: hooks.onProgress, onScore: () => written++ },
    });
    const started = run.start();
    hooks.onCancellable?.(() => run.cancel());
    const result = await started;
    const sum = run.summary();
    return {
      scorer: judgeScorer(j.protocol, judge.model_id),
      written,
      already: result.progress.resumed,
      unanswered: sum.unanswered,
      parse_failures: sum.parse_failures,
      judge_errors: result.progress.errors,
      by_rule: sum.by_rule,
      result,
    };
  } finally {
    await store.close();
  }
}


function parseOptions(args: string[], env: NodeJS.ProcessEnv): ScoreOptions {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cases: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      judge: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      protocol: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      batch: { type: 'boolean', default: false },
      'poll-interval': { type: 'string', default: '60' },
      'no-wait': { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  for (const name of ['cases', 'in', 'out'] as const) if (!v[name]) throw new UsageError(`--${name} is required`);
  const base = { casesDir: v.cases!, in: v.in!, out: v.out! };
  if (v.in === v.out) throw new UsageError('--out must differ from --in: scores and responses are separate files');
  if (!v.judge) {
    const stray = (['base-url', 'model', 'protocol'] as const).find((n) => v[n] !== undefined);
    if (stray) throw new UsageError(`--${stray} applies only with --judge`);
    if (v.batch) throw new UsageError('--batch applies only with --judge');
    return base;
  }
  const kind = v.judge as ApiProviderKind;
  if (!API_PROVIDER_KINDS.includes(kind)) throw new UsageError(`--judge must be one of ${API_PROVIDER_KINDS.join(', ')}`);
  if (!v.model) throw new UsageError('--model is required with --judge');
  const protocol = v.protocol as JudgeProtocol;
  if (!JUDGE_PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be one of ${JUDGE_PROTOCOLS.join(', ')} with --judge`);
  const concurrency = Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a whole number from 1 to 256');
  const baseUrl = v['base-url'];
  const apiKey = apiKeyFromEnv(kind, env, baseUrl);
  const poll = Number(v['poll-interval']);
  if (!(poll > 0 && poll <= 86_400)) throw new UsageError('--poll-interval must be a number of seconds from 0.001 to 86400');
  const batch = v.batch ? { batch: { pollMs: poll * 1000, wait: !v['no-wait'] } } : {};
  return {
    ...base,
    judge: { kind, model: v.model, protocol, concurrency, ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}), ...batch },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `score --judge --batch`: batch.ts does the work; Ctrl-C stops it after recording any create in flight. */
async function judgeBatchCommand(o: ScoreOptions, j: NonNullable<ScoreOptions['judge']>, flags: BatchFlags, io: CliIO): Promise<number> {
  try {
    const cases = await loadCases(o.casesDir);
    const responses = await readResponses(o.in);
    const store = await openScoreJsonl(o.out);
    const { judgeBatchToJsonl, abortableOnSigint } = await import('./batch');
    try {
      const s = await abortableOnSigint(io.err, (signal) =>
        judgeBatchToJsonl(
          {
            kind: j.kind,
            ...(j.baseUrl ? { baseUrl: j.baseUrl } : {}),
            ...(j.apiKey ? { apiKey: j.apiKey } : {}),
            out: o.out,
            model: j.model,
            protocol: j.protocol,
            responses,
            cases,
            scoreStore: store,
            flags,
          },
          { signal, log: io.err },
        ),
      );
      const extra = [
        s.byRule ? `${s.byRule} empty or filtered (OH 4 by rule)` : '',
        s.unanswered ? `${s.unanswered} without an answer (not scored)` : '',
        s.parseFailures ? `${s.parseFailures} unparseable verdicts (recorded with parse_error)` : '',
        s.failed ? `${s.failed} judge requests failed (kept in ${s.statePath}; the next run resubmits them)` : '',
        s.open ? `${plural(s.open, 'batch', 'batches')} still running: run the same command again to collect them` : '',
      ].filter(Boolean);
      io.err(`${o.out}: submitted ${plural(s.submitted, 'batch', 'batches')}, wrote ${plural(s.stored, 'verdict')}${extra.length ? `; ${extra.join(', ')}` : ''}`);
      if (s.open && flags.wait) return 130;
      return s.failed ? 1 : 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    io.err(`score: ${(e as Error).message}`);
    return 1;
  }
}

const score: Command = async (args: string[], io: CliIO) => {
  let o: ScoreOptions;
  try {
    o = parseOptions(args, process.env);
  } catch (e) {
    io.err(`score: ${(e as Error).message}`);
    io.err(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }
  if (o.judge?.batch) return judgeBatchCommand(o, o.judge, o.judge.batch, io);
  const t0 = performance.now();
  const draw = progressDrawer((p: RunProgress) => `${p.done}/${p.total} judged (errors ${p.errors}, in flight ${p.in_flight})`);
  try {
    const s = await cancellableOnSigint(io, 'judge requests', (setCancel) =>
      scoreToJsonl(o, { ...(io.tty ? { onProgress: draw } : {}), onCancellable: setCancel }),
    );
    if (io.tty && s.result) process.stderr.write('\n');
    const extra = [
      s.already ? `${s.already} already scored` : '',
      s.unanswered ? `${s.unanswered} without an answer (not scored)` : '',
      s.by_rule ? `${s.by_rule} empty or filtered (OH 4 by rule)` : '',
      s.parse_failures ? `${s.parse_failures} unparseable verdicts (recorded with parse_error)` : '',
      s.judge_errors ? `${s.judge_errors} judge requests failed (run again to retry them)` : '',
    ].filter(Boolean);
    const state = s.result ? ` (${s.result.state})` : '';
    io.err(`${o.out}: ${s.scorer} wrote ${s.written} scores${extra.length ? `; ${extra.join(', ')}` : ''} in ${seconds(performance.now() - t0)}${state}`);
    if (s.result?.state === 'cancelled') return 130;
    if (s.result?.error) io.err(`score: ${s.result.error}`);
    return !s.result || s.result.state === 'completed' ? 0 : 1;
  } catch (e) {
    io.err(`score: ${(e as Error).message}`);
    return 1;
  }
};

export default score;
