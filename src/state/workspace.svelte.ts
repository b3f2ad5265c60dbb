import { formatLocated } from '../core/located';
import { plural } from '../core/plural';
import type { Store } from '../storage/store';
import { WorkspaceImportError } from '../storage/workspaceStore';

/** Workspace-wide operations for the UI: export, import (replace), delete everything. */
export class WorkspaceState {
  message = $state('');
  error = $state('');

  constructor(readonly store: Store) {}

  async exportText(): Promise<string> {
    return JSON.stringify(await this.store.exportWorkspace(), null, 1);
  }

  async importText(file: string, text: string) {
    this.error = this.message = '';
    try {
      const ws = await this.store.importWorkspace(file, text);
      const t = ws.tables;
      this.message = `Workspace replaced from ${file}: ${plural(t.cases.length, 'case')}, ${plural(t.runs.length, 'run')}, ${plural(t.responses.length, 'response')}, ${plural(t.scores.length, 'score')}, ${plural(t.ratings.length, 'rating')}.`;
    } catch (e) {
      this.error =
        e instanceof WorkspaceImportError
          ? `Nothing was changed. ${plural(e.errors.length, 'problem')}:\n${e.errors.slice(0, 10).map(formatLocated).join('\n')}`
          : `Nothing was changed: ${(e as Error).message}`;
    }
  }

  /** Deletes the database (cases, runs, scores, keys: everything) and reloads. */
  async deleteAll() {
    await this.store.deleteAll();
    localStorage.clear();
    sessionStorage.clear();
    location.hash = '#/library';
    location.reload();
  }
}
