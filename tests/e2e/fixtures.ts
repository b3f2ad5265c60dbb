import { test as base, expect, type Page } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const fixturesDir = join(import.meta.dirname, '../fixtures');

/** Page object for the case library, so specs read like what a user does. */
export class LibraryPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/#/library');
    await expect(this.page.getByRole('heading', { name: 'Case library' })).toBeVisible();
  }
  cards() {
    return this.page.getByTestId('case-list').getByRole('listitem');
  }
  card(title: string | RegExp) {
    return this.cards().filter({ has: this.page.getByRole('link', { name: title }) });
  }
  /** Picks a whole folder, as a user does with "Choose a folder". */
  async importFolder(dir: string) {
    await this.page.getByTestId('folder-input').setInputFiles(dir);
  }
  importReport() {
    return this.page.getByTestId('import-report');
  }
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export const test = base.extend<{ library: LibraryPage }>({
  library: async ({ page }, use) => {
    await use(new LibraryPage(page));
  },
});
export { expect };

/** One field of every response the app stored for a run, read straight from IndexedDB. */
export async function storedResponseField(page: Page, runId: string, field: 'id' | 'status'): Promise<string[]> {
  return page.evaluate(
    ({ id, field }) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('responses').objectStore('responses').index('run_id').getAll(id);
          req.onsuccess = () => resolve((req.result as Record<string, string>[]).map((r) => r[field]!));
          req.onerror = () => reject(req.error);
        };
      }),
    { id: runId, field },
  );
}

export { seedTables } from './seedTables';
