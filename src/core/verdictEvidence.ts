import type { ScoreRecord } from './scoreRecord';

/** One reason behind a verdict: what the scorer said, and the words of the answer it rests on, if any. */
export interface EvidenceItem {
  why: string;
  quote?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Longest quote shown, in characters: enough to recognise the passage in the answer beside it. */
const QUOTE_MAX = 240;

/**
 * What a verdict rests on, in the words each scorer keeps in its `detail`: the local scorer's
 * reasons and the spans of the answer behind them; a judge's clinical reasoning or its commission
 * and omission reasons; a parse error or a rule that decided without the judge; an imported file's
 * clinical reasoning. The detail is untrusted (a judge's output, an imported file): only strings
 * are taken, never markup, and the caller shows them as text.
 */
export function verdictEvidence(score: ScoreRecord, answer: string): EvidenceItem[] {
  const d = isObj(score.detail) ? score.detail : {};
  const items: EvidenceItem[] = [];
  if (score.parse_error) items.push({ why: `The judge's answer could not be read: ${score.parse_error}` });
  for (const key of ['by_rule', 'clinical_reasoning'] as const) {
    const t = text(d[key]);
    if (t) items.push({ why: t });
  }
  if (isObj(d.reasons)) {
    for (const [label, key] of [['Commission', 'commission'], ['Omission', 'omission']] as const) {
      const t = text(d.reasons[key]);
      if (t) items.push({ why: `${label}: ${t}` });
    }
  } else if (Array.isArray(d.reasons)) {
    for (const r of d.reasons) {
      const t = text(r);
      if (t) items.push({ why: t });
    }
  }
  const spans = [...spansIn(d.evidence), ...(Array.isArray(d.critical_actions) ? d.critical_actions.flatMap((a) => (isObj(a) ? spansIn(a.evidence) : [])) : [])];
  const seen = new Set<string>();
  for (const s of spans) {
    const quote = (s.text ?? answer.slice(s.start, s.end)).trim();
    const key = `${s.why}\u0000${quote}`;
    if (!quote || seen.has(key)) continue;
    seen.add(key);
    items.push({ why: s.why, quote: quote.length > QUOTE_MAX ? `${quote.slice(0, QUOTE_MAX)}…` : quote });
  }
  return items;
}

function spansIn(v: unknown): { start: number; end: number; text?: string; why: string }[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((s) =>
    isObj(s) && typeof s.start === 'number' && typeof s.end === 'number' && typeof s.why === 'string'
      ? [{ start: s.start, end: s.end, why: s.why, ...(typeof s.text === 'string' ? { text: s.text } : {}) }]
      : [],
  );
}
