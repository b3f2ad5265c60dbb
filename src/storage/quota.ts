/**
 * When the browser's quota for this site is reached, IndexedDB refuses the write and rolls the
 * transaction back, so what was stored before is intact. These helpers turn that refusal
 * into one plain message wherever the app writes.
 */
export class StorageFullError extends Error {
  constructor() {
    super(
      "This browser's storage for Iatroscope is full, so this could not be saved; everything saved before is intact. Export the workspace, delete runs you no longer need or free disk space, then try again.",
    );
    this.name = 'StorageFullError';
  }
}

/** Dexie wraps the browser's error: as `inner`, in a BulkError's `failures`, or as an abort's cause. */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { name?: string; inner?: unknown; cause?: unknown; failures?: unknown };
  if (err.name === 'QuotaExceededError') return true;
  const nested = [err.inner, err.cause, ...(err.failures && typeof err.failures === 'object' ? Object.values(err.failures) : [])];
  return nested.some((n) => isQuotaError(n, depth + 1));
}

/** Runs a write, reporting a full disk as StorageFullError. */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw isQuotaError(e) ? new StorageFullError() : e;
  }
}
