import { caseSchema, type Case } from '../core/caseSchema';
import { formatLocated, zodErrors } from '../core/located';

/** The library shipped with the app: scenarios/*.json, validated at load (the suite validates them too). */
const files = import.meta.glob<unknown>('../../scenarios/*.json', { eager: true, import: 'default' });

export const bundledCases: Case[] = [];
export const bundledErrors: string[] = [];
for (const [path, value] of Object.entries(files)) {
  const file = path.replace('../../', '');
  const r = caseSchema.safeParse(value);
  if (r.success) bundledCases.push({ ...r.data, source: { kind: 'bundled', file } });
  else bundledErrors.push(...zodErrors(file, r.error).map(formatLocated));
}
bundledCases.sort((a, b) => a.title.localeCompare(b.title));
export const bundledIds: ReadonlySet<string> = new Set(bundledCases.map((c) => c.id));
