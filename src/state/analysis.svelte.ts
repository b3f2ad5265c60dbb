import { getContext, setContext } from 'svelte';
import { plural } from '../core/plural';
import type { Distributions } from '../core/analysis/distributions';
import type { Analysis } from '../core/analysis/measures';
import { parsePublishedScores } from '../core/analysis/publishedScores';
import { importCaseFiles } from '../core/caseImport';
import type { Case } from '../core/caseSchema';
import type { InputFile } from '../core/iatrobenchImport';
import { formatLocated } from '../core/located';
import { renderReport } from '../core/analysis/report';
import { toCsv, toJsonl } from '../core/exportRows';
import { hfDatasetCard, toHfRows } from '../core/formats/hfDataset';
import { toInspectLogs } from '../core/formats/inspectLog';
import { TOOL_VERSION } from '../core/formats/toolVersion';
import { framingLabel, isResponseOfRun, modelLabel } from '../core/domain';
import { bundledIds } from '../storage/bundledCases';
import type { ScoreRecord } from '../core/scoreRecord';
import type { Store } from '../storage/store';
import { WorkerClient } from '../workers/client';
import type { AnalysisWorkerApi } from '../workers/analysisWorker';
import { scorerVersionWarning, type VersionWarning } from '../core/analysis/scorerVersions';
import { pickScorer, whyNoGap } from '../core/analysis/selection';
import type { ScoringState } from './scoring.svelte';
import { LiveQuery } from './liveQuery.svelte';

/** The analysis screen's state: which scores, which scorer, and the measures computed off the main thread. */
export class AnalysisState {
  #scorers: LiveQuery<{ scorer: string; n: number }[]>;
  runId = $state<string>('');
  /** The scorer the user last chose; see `scorer`. */
  #chosen = $state('');
  #scorer = $derived(pickScorer(this.scorers, this.#chosen));
  result = $state.raw<Analysis | null>(null);
  distributions = $state.raw<Distributions | null>(null);
  ms = $state<number | null>(null);
  /** Set when the selection's verdicts mix scorer versions or predate the local scorer's rules. */
  versionWarning = $state.raw<VersionWarning | null>(null);
  /** The responses the chosen scorer scored in the selection: what a rescore covers. */
  #scoredResponseIds: string[] = [];
  error = $state('');
  /** Why the selection gives no decoupling gap, in words; null when it gives one. */
  note = $state<string | null>(null);
  /** The chosen judge's verdicts in the selection whose answer could not be parsed, with their raw output. */
  failures = $state.raw<ScoreRecord[]>([]);
  busy = $state(false);
  #worker = new WorkerClient<AnalysisWorkerApi>(() => new Worker(new URL('../workers/analysisWorker.ts', import.meta.url), { type: 'module' }), 'the analysis worker');
  #seq = 0;

  constructor(
    readonly store: Store,
    readonly cases: () => Case[],
  ) {
    this.#scorers = new LiveQuery(
      () => store.scorerCounts(this.#runIds()),
      () => this.runId,
    );
  }

  /** Each scorer with its number of verdicts in the selection (the chosen run, or everything). */
  get scorers() {
    return this.#scorers.current ?? [];
  }

  /** The scorer analysed: the one last chosen while it has verdicts in the selection, else the one with the most. */
  get scorer(): string {
    return this.#scorer;
  }
  set scorer(name: string) {
    this.#chosen = name;
  }

  #runIds(): string[] | undefined {
    return this.runId ? [this.runId] : undefined;
  }

  /** The chosen scorer's scores, limited to the chosen run when there is one. */
  scores(): Promise<ScoreRecord[]> {
    return this.store.scoresFor(this.scorer, this.#runIds());
  }

  /**
   * Published scores: the JSONL plus the scenario files it refers to (or with those scenarios
   * already imported). Both are validated before anything is written, then written together.
   */
  async importPublished(files: InputFile[]): Promise<{ ok: boolean; message: string }> {
    const jsonl = files.filter((f) => /\.jsonl$/i.test(f.path));
    const others = files.filter((f) => !/\.jsonl$/i.test(f.path));
    if (jsonl.length !== 1) return { ok: false, message: `Choose exactly one scores .jsonl file (got ${jsonl.length}).` };
    let newCases: Case[] = [];
    if (others.some((f) => /\.json$/i.test(f.path))) {
      const r = importCaseFiles(others, bundledIds);
      if (!r.ok) return { ok: false, message: `Nothing was imported:\n${r.errors.slice(0, 10).map(formatLocated).join('\n')}` };
      newCases = r.cases;
    }
    const known = new Map(this.cases().map((c) => [c.id, c]));
    for (const c of newCases) known.set(c.id, c);
    const scores = parsePublishedScores(jsonl[0]!.text, [...known.values()], { file: jsonl[0]!.path });
    if (!scores.ok) return { ok: false, message: `Nothing was imported:\n${scores.errors.slice(0, 10).map(formatLocated).join('\n')}` };
    const warned = scores.warnings.map((w) => `\nNote: ${w}`).join('');
    await this.store.importPublishedScores(newCases, scores.value);
    this.scorer = scores.value[0]?.scorer ?? this.scorer;
    this.runId = '';
    return { ok: true, message: `Imported ${plural(scores.value.length, 'published score')}${newCases.length ? ` and ${plural(newCases.length, 'case')}` : ''}.${warned}` };
  }

  /** The self-contained HTML report of what is on screen; charts come in as PNG data URLs. */
  async reportHtml(charts: { caption: string; png: string }[], markdown: (text: string) => string): Promise<string> {
    const a = this.result;
    if (!a) throw new Error('Nothing analysed yet.');
    const run = this.runId ? await this.store.run(this.runId) : undefined;
    const cases = this.cases();
    const caseIds = new Set(a.pairs.map((p) => p.case_id));
    const scores = await this.scores();
    const versions = [...new Set(scores.map((s) => s.scorer_version))].sort();
    // Every run whose answers the analysed verdicts are on; imported verdicts belong to none.
    const runs = run ? [run] : (await this.store.runsNewestFirst()).filter((r) => scores.some((s) => isResponseOfRun(r.id, s.response_id))).reverse();
    // The pairs with the widest gaps, first repetition, as the reader would see them.
    const top = [...a.pairs].sort((x, y) => y.gap - x.gap).slice(0, 3);
    const notable = [];
    for (const p of top) {
      const rs = (await this.store.responsesOfCase(p.case_id, p.model_id)).filter((r) => r.rep === 0 && (!this.runId || r.run_id === this.runId));
      const lay = rs.find((r) => r.framing === 'layperson');
      const phys = rs.find((r) => r.framing === 'physician');
      if (!lay || !phys) continue;
      notable.push({
        caseTitle: cases.find((c) => c.id === p.case_id)?.title ?? p.case_id,
        model: p.model_id,
        left: { label: framingLabel('layperson'), text: lay.text, oh: p.lay_oh },
        right: { label: framingLabel('physician'), text: phys.text, oh: p.phys_oh },
      });
    }
    return renderReport({
      title: `Iatroscope report: ${run?.spec.name ?? 'all responses'}`,
      generatedAt: new Date().toISOString(),
      runs,
      scorerVersions: versions,
      analysis: a,
      cases: cases.filter((c) => caseIds.has(c.id)),
      charts,
      notable,
      markdown,
    });
  }

  /** Responses or scores of the current selection, as JSONL or CSV. */
  async exportRows(what: 'responses' | 'scores', format: 'jsonl' | 'csv'): Promise<string> {
    if (what === 'scores') {
      const rows = await this.scores();
      return format === 'jsonl' ? toJsonl(rows) : toCsv(rows, ['id', 'response_id', 'case_id', 'framing', 'model_id', 'rep', 'scorer', 'scorer_version', 'response_class', 'oh', 'ch', 'ttt', 'mechanism', 'filtered', 'approximate', 'critical_actions']);
    }
    const rows = await this.store.responsesIn(this.runId || null);
    return format === 'jsonl' ? toJsonl(rows) : toCsv(rows, ['id', 'run_id', 'case_id', 'framing', 'model_id', 'rep', 'status', 'finish_reason', 'latency_ms', 'usage', 'cost_usd', 'error', 'text']);
  }

  /** The selection's responses with every verdict on them (local scorer, judges, raters, imports). */
  async #responsesWithScores() {
    const responses = await this.store.responsesIn(this.runId || null);
    if (!responses.length) throw new Error('this selection has no responses');
    const scores = await this.store.scoresOfResponses(responses.map((r) => r.id));
    const runNames = new Map((await this.store.runsNewestFirst()).map((r) => [r.id, r.spec.name]));
    return { responses, scores, runNames };
  }

  /** The selection as Inspect AI evaluation logs: one file per run and model. */
  async exportInspect(): Promise<{ name: string; text: string }[]> {
    const { responses, scores, runNames } = await this.#responsesWithScores();
    const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
    return toInspectLogs(responses, scores, { toolVersion: TOOL_VERSION, runNames }).map((l) => ({
      name: `iatroscope-inspect-${slug(runNames.get(l.run_id) ?? l.run_id)}-${slug(modelLabel(l.model_id))}.json`,
      text: JSON.stringify(l.log, null, 2) + '\n',
    }));
  }

  /** The selection as a Hugging Face dataset: the card (README.md) and the rows (responses.jsonl). */
  async exportHf(): Promise<{ card: string; rows: string }> {
    const { responses, scores, runNames } = await this.#responsesWithScores();
    const rows = toHfRows(responses, scores);
    const runs = [...new Set(responses.map((r) => runNames.get(r.run_id) ?? r.run_id))];
    const card = hfDatasetCard(rows, { license: 'other', prettyName: `Iatroscope: ${runs.join(', ')}`, toolVersion: TOOL_VERSION, createdAt: new Date().toISOString().slice(0, 10) });
    return { card, rows: toJsonl(rows) };
  }

  /**
   * Rescores the selection's responses with the current local scorer (when the warning is about
   * the local scorer), then analyses again, so the warning reflects the new verdicts.
   */
  async rescoreLocal(scoring: ScoringState): Promise<number> {
    if (this.versionWarning?.kind !== 'local') return 0;
    const n = await scoring.scoreLocalResponses(this.#scoredResponseIds);
    await this.run();
    return n;
  }

  /**
   * Analyses the selection off the main thread. Every outcome lands in the view: a result, a note
   * saying why there is no gap, or an error (a failed read, or a worker that crashed), never a
   * view left busy or showing the previous selection's figures.
   */
  async run() {
    const scorer = this.scorer;
    const id = ++this.#seq;
    this.error = '';
    // Read before the first await, so a view's effect that calls run() runs it again when the
    // library changes: cases imported with published scores arrive a moment after the scores.
    const cases = $state.snapshot(this.cases());
    if (!scorer) {
      this.#show(null, []);
      this.note = this.#scorers.isLoading ? null : 'No response in this selection has been scored yet. Score the run from its page (Runs, then the run, then Score), or choose "All runs and imports".';
      this.busy = false;
      return;
    }
    this.busy = true;
    try {
      const all = await this.store.scoresFor(scorer, this.#runIds());
      if (id !== this.#seq) return;
      // The measures never read a verdict's detail (evidence, raw judge output), so it is not cloned across.
      const scores = all.map(({ detail: _detail, ...rest }) => rest);
      this.versionWarning = scorerVersionWarning(scores);
      this.#scoredResponseIds = scores.map((s) => s.response_id);
      const reply = scores.length ? await this.#worker.request('analyze', { cases, scores, scorer }) : null;
      if (id !== this.#seq) return;
      this.#show(reply, all.filter((s) => s.parse_error !== null));
      this.note = whyNoGap(scorer, scores, this.result);
    } catch (e) {
      if (id !== this.#seq) return;
      this.#show(null, []);
      this.error = `The analysis could not be computed: ${(e as Error).message}`;
    } finally {
      if (id === this.#seq) this.busy = false;
    }
  }

  #show(reply: { analysis: Analysis; distributions: Distributions; ms: number } | null, failures: ScoreRecord[]) {
    this.result = reply?.analysis ?? null;
    this.distributions = reply?.distributions ?? null;
    this.ms = reply?.ms ?? null;
    this.failures = failures;
    this.note = null;
    if (!reply) this.versionWarning = null;
  }
}

const KEY = Symbol('analysis');
export const setAnalysis = (s: AnalysisState) => setContext(KEY, s);
export const getAnalysis = () => getContext<AnalysisState>(KEY);
