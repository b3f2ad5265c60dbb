import type { Page } from '@playwright/test';

/**
 * Writes rows straight into the app's IndexedDB, as a finished run would leave them; reload the
 * page for the app to read them. Used by the e2e specs and the browser benchmarks.
 *
 * The app opens its database lazily, so on a busy machine the seed can come first: then it
 * waits (never creating the database itself, which would leave it without the app's tables and
 * block the app's upgrade) and tries again until the app's tables are there.
 */
export async function seedTables(page: Page, tables: Record<string, object[]>) {
  await page.evaluate(
    (t) =>
      new Promise<void>((resolve, reject) => {
        const names = Object.keys(t);
        const attempt = (left: number) => {
          const retry = () => (left > 0 ? setTimeout(() => attempt(left - 1), 100) : reject(new Error('the app never created its database tables')));
          const open = indexedDB.open('iatroscope');
          open.onupgradeneeded = () => open.transaction?.abort(); // not there yet: leave creating it to the app
          open.onerror = () => retry();
          open.onsuccess = () => {
            const db = open.result;
            if (!names.every((n) => db.objectStoreNames.contains(n))) {
              db.close();
              retry();
              return;
            }
            const tx = db.transaction(names, 'readwrite');
            for (const [name, rows] of Object.entries(t)) for (const row of rows) tx.objectStore(name).put(row);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        };
        attempt(100);
      }),
    tables,
  );
}
