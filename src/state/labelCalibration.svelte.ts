import { compareWithLabels, type LabelComparison, type LabelDisagreement } from '../core/calibration/labelComparison';
import { parseLabelledInput } from '../core/formats/labelledInput';
import type { InputFile } from '../core/iatrobenchImport';
import { formatLocated } from '../core/located';
import { WorkerClient } from '../workers/client';
import type { ScoringWorkerApi } from '../workers/scoringWorker';

/** Disagreements shown at first and added per "show more": thousands of full answers would bury the page. */
export const PAGE = 50;

/**
 * The local scorer measured on a researcher's labelled file. The file stays in this tab: nothing
 * is stored, so loading another file simply replaces the figures.
 */
export class LabelCalibrationState {
  file = $state('');
  phase = $state<'idle' | 'classifying' | 'done' | 'error'>('idle');
  progress = $state.raw<{ done: number; total: number } | null>(null);
  errors = $state.raw<string[]>([]);
  comparison = $state.raw<LabelComparison | null>(null);
  /** What the numbers of the disagreements count: lines of the file, or promptfoo's results. */
  unit = $state<'Line' | 'Result'>('Line');
  /** How the file's verdicts were read, when that needs saying (promptfoo's pass and fail). */
  note = $state<string | null>(null);
  /** The confusion cell the disagreements are filtered to; null shows them all. */
  cell = $state.raw<{ row: number; col: number } | null>(null);
  limit = $state(PAGE);
  #worker = new WorkerClient<ScoringWorkerApi>(() => new Worker(new URL('../workers/scoringWorker.ts', import.meta.url), { type: 'module' }), 'the scoring worker');
  #seq = 0;

  /** The disagreements in the picked cell, or all of them. */
  get matching(): LabelDisagreement[] {
    const all = this.comparison?.disagreements ?? [];
    const c = this.cell;
    return c ? all.filter((d) => d.row === c.row && d.col === c.col) : all;
  }

  pick(row: number, col: number) {
    const c = this.cell;
    this.cell = c && c.row === row && c.col === col ? null : { row, col };
    this.limit = PAGE;
  }

  /** The file could not be read at all (too big, several files dropped). */
  fail(file: string, message: string) {
    this.#stop();
    this.#reset(file);
    this.errors = [message];
    this.phase = 'error';
  }

  async load(input: InputFile) {
    this.#stop();
    const seq = this.#seq;
    this.#reset(input.path);
    const parsed = parseLabelledInput(input.path, input.text);
    if (!parsed.ok) {
      this.errors = parsed.errors.map(formatLocated);
      this.phase = 'error';
      return;
    }
    const labelled = parsed.value.lines;
    this.unit = parsed.value.unit;
    this.note = parsed.value.note;
    this.phase = 'classifying';
    this.progress = { done: 0, total: labelled.length };
    try {
      const lines = labelled.map((l) => ({ prompt: l.prompt, response: l.response }));
      const predictions = await this.#worker.request('classify', { lines }, (p) => {
        if (seq === this.#seq) this.progress = p;
      });
      if (seq !== this.#seq) return;
      this.comparison = compareWithLabels(labelled, predictions);
      this.phase = 'done';
    } catch (e) {
      if (seq !== this.#seq) return;
      this.errors = [`${input.path}: ${(e as Error).message}`];
      this.phase = 'error';
    } finally {
      if (seq === this.#seq) this.progress = null;
    }
  }

  more() {
    this.limit += PAGE;
  }

  /** Leaving the view: the worker holds the scorer's tables in memory, so it goes too. */
  dispose() {
    this.#stop();
    this.#worker.terminate();
  }

  #reset(file: string) {
    this.file = file;
    this.errors = [];
    this.comparison = null;
    this.note = null;
    this.cell = null;
    this.limit = PAGE;
    this.progress = null;
  }

  /** A new file replaces the one being classified: its worker is stopped rather than left to finish unseen work. */
  #stop() {
    this.#seq++;
    if (this.phase === 'classifying') this.#worker.terminate();
  }
}
