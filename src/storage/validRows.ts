import type { z } from 'zod';
import { formatLocated, zodErrors } from '../core/located';

/**
 * Rows as read back from IndexedDB, checked against their schema. IndexedDB keeps whatever was
 * put, so a row written by another version or behind the app's back (a seeded test, a devtools
 * edit) fails here, named by table and id, instead of deep inside a view or a measure.
 */
export function validRows<T>(table: string, schema: z.ZodType<T>, rows: readonly unknown[]): T[] {
  return rows.map((row) => validRow(table, schema, row));
}

export function validRow<T>(table: string, schema: z.ZodType<T>, row: unknown): T {
  const r = schema.safeParse(row);
  if (r.success) return r.data;
  const id = JSON.stringify((row as { id?: unknown } | null)?.id ?? null);
  throw new Error(`A stored row is invalid: ${zodErrors(`${table} ${id}`, r.error).slice(0, 3).map(formatLocated).join('; ')}`);
}
