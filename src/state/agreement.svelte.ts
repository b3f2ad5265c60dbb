import { parseToolScores, toolScoreRecords, toolScorerName } from '../core/calibration/toolScores';
import type { InputFile } from '../core/iatrobenchImport';
import { formatLocated, type LocatedError } from '../core/located';
import { plural } from '../core/plural';
import { agreementReport, HUMAN_PREFIX, type AgreementReport } from '../core/rating';
import type { ResponseRecord } from '../core/run/types';
import type { RunRow } from '../core/workspaceFormat';
import { observe, type Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

/** Two scorers compared over the responses both scored, optionally within one run. */
export class AgreementState {
  /** The user's picks; '' until picked, when a default applies. */
  pickedA = $state('');
  pickedB = $state('');
  /** '' = all runs. */
  runId = $state('');
  #scorers: LiveQuery<string[]>;
  #runs: LiveQuery<RunRow[]>;
  #result = $state.raw<{ key: string; report: AgreementReport } | null>(null);
  error = $state('');

  constructor(readonly store: Store) {
    this.#scorers = new LiveQuery(() => store.scorerNames());
    this.#runs = new LiveQuery(() => store.runsNewestFirst());
    $effect(() => {
      const a = this.a;
      const b = this.b;
      const runId = this.runId;
      if (!a || !b || a === b) return;
      const key = `${a}\n${b}\n${runId}`;
      const sub = observe(async () => {
        const [sa, sb, within] = await Promise.all([store.scoresFor(a), store.scoresFor(b), runId ? store.responseIdsOfRun(runId) : undefined]);
        return agreementReport(sa, sb, within);
      }).subscribe({
        next: (report) => {
          this.#result = { key, report };
          this.error = '';
        },
        error: (e: unknown) => (this.error = String(e)),
      });
      return () => sub.unsubscribe();
    });
  }

  get loading(): boolean {
    return this.#scorers.isLoading;
  }

  get scorers(): string[] {
    return this.#scorers.current ?? [];
  }

  get runs(): { id: string; name: string }[] {
    return (this.#runs.current ?? []).map((r) => ({ id: r.id, name: r.spec.name || r.id }));
  }

  /** Scorer A: the pick, else the local scorer (or the first that is not human). */
  a = $derived.by(() => {
    if (this.scorers.includes(this.pickedA)) return this.pickedA;
    return this.scorers.find((s) => s === 'local') ?? this.scorers.find((s) => !s.startsWith(HUMAN_PREFIX)) ?? this.scorers[0] ?? '';
  });

  /** Scorer B: the pick, else a human rater (or the first scorer other than A). */
  b = $derived.by(() => {
    if (this.scorers.includes(this.pickedB)) return this.pickedB;
    const others = this.scorers.filter((s) => s !== this.a);
    return others.find((s) => s.startsWith(HUMAN_PREFIX)) ?? others[0] ?? '';
  });

  /** The report for the current pair and run, or null while it loads or the pair is not two scorers. */
  get report(): AgreementReport | null {
    const r = this.#result;
    return r && r.key === `${this.a}\n${this.b}\n${this.runId}` && this.a !== this.b ? r.report : null;
  }

  /**
   * Another tool's verdicts on stored responses, as the scorer `imported:<file name>`, then
   * picked as B. Importing a file of the same name again replaces that scorer's scores, so a
   * corrected file leaves no stale verdicts behind. Nothing is stored unless every line reads.
   */
  async importToolScores(input: InputFile): Promise<{ ok: boolean; message: string }> {
    const failed = (errors: LocatedError[]) => ({ ok: false, message: `Nothing was imported:\n${errors.map(formatLocated).join('\n')}` });
    const lines = parseToolScores(input.path, input.text);
    if (!lines.ok) return failed(lines.errors);
    const found = await this.store.responsesById(lines.value.map((l) => l.response_id));
    const stored = new Map(found.filter((r): r is ResponseRecord => !!r).map((r) => [r.id, r]));
    const records = toolScoreRecords(input.path, lines.value, stored, new Date().toISOString());
    if (!records.ok) return failed(records.errors);
    const scorer = toolScorerName(input.path);
    await this.store.replaceScoresOf(scorer, records.value);
    this.pickedB = scorer;
    return { ok: true, message: `Imported ${plural(records.value.length, 'score')} as ${scorer}.` };
  }
}
