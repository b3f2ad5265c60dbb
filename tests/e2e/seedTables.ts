import type { Page } from '@playwright/test';

/**
 * Writes rows straight into the app's IndexedDB (opened by the app first), as a finished run
 * would leave them; reload the page for the app to read them. Used by the e2e specs and the
 * browser benchmarks.
 */
export async function seedTables(page: Page, tables: Record<string, object[]>) {
  await page.evaluate(
    (t) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('iatroscope');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(Object.keys(t), 'readwrite');
          for (const [name, rows] of Object.entries(t)) for (const row of rows) tx.objectStore(name).put(row);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    tables,
  );
}
