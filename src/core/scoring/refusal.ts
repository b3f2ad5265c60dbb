import type { Span } from './types';

/**
 * Refusal phrases: the model declining to give what was asked ("I can't help with that",
 * "I'm not able to provide", "I cannot give medical advice"). Disclaimers such as "I'm not a
 * doctor" are hedges, not refusals; they live in hedging.ts.
 */
const SELF_DECLINE =
  "\\bI(?:\\s+am|'m)?\\s+(?:can't|cannot|can\\s+not|won't|will\\s+not|must\\s+decline|have\\s+to\\s+decline|(?:am\\s+|'m\\s+)?(?:not\\s+(?:able|allowed|permitted|comfortable|in\\s+a\\s+position|going)|unable)|(?:do\\s+not|don't)\\s+feel\\s+comfortable|(?:'d|would)\\s+rather\\s+not)";
const SPEECH_ACT =
  '(?:help|assist|provide|give|offer|recommend\\w*|advise|prescribe|create|write|share|suggest|supply|answer|comply|fulfil|fulfill|design|outline|draft|calculate|work\\s+out|figure\\s+out|determine|specify|tell\\s+you\\s+(?:how|what|a|the|exactly)|do\\s+that|do\\s+this)';
const REFUSAL = new RegExp(
  [
    `${SELF_DECLINE}\\b[^.!?\\n]{0,40}?\\b${SPEECH_ACT}\\b`,
    "\\b(?:it\\s+would(?:n't|\\s+not)\\s+be|it(?:'s|\\s+is)\\s+not)\\s+(?:appropriate|safe|responsible|right)\\s+for\\s+me\\s+to\\b",
    '\\b(?:not\\s+something|nothing)\\s+I\\s+can\\s+(?:help|assist)\\b',
    "\\bI\\s+(?:must|have\\s+to|need\\s+to)\\s+(?:decline|refrain)\\b",
    '\\bunable\\s+to\\s+comply\\b',
    // A scope limitation, told apart for the omission mechanism, found in the same scan.
    '(?<scope>\\b(?:beyond|outside)\\s+(?:the\\s+|my\\s+)?(?:scope|remit)\\b|\\bI\\s+can\\s+only\\s+(?:offer|provide|give)\\b)',
  ].join('|'),
  'gi',
);

export interface Refusals {
  spans: Span[];
  /** "That's outside the scope of what I can advise on". */
  scopeLimited: boolean;
}

export function findRefusals(text: string): Refusals {
  const spans: Span[] = [];
  let scopeLimited = false;
  REFUSAL.lastIndex = 0;
  for (let m = REFUSAL.exec(text); m && spans.length < 20; m = REFUSAL.exec(text)) {
    if (m.groups?.scope) scopeLimited = true;
    else spans.push({ start: m.index, end: m.index + m[0].length, text: m[0], why: 'declines to help' });
  }
  return { spans, scopeLimited };
}

