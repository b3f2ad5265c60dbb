import type { ResourceId, Span } from './types';
import { segmentIndexAt, type Segment } from './segments';
import { trieSource } from './phraseTrie';
import { isNegated } from './negation';
import type { ResourceMention } from './phraseScan';
import { REFERRAL_VERBS, RESOURCE_PHRASES } from './lexicon';

/** A comma, bracket or clause word: where a clause ends. */
export const CLAUSE_BREAK = '[,;:()]|\\b(?:so|that|which|because|while|when|where|who|but)\\b';
/**
 * A referral verb in the 60 characters before a mention, within the same clause: the first
 * verb with no clause break after it, so in "take the packaging so the hospital knows" the
 * hospital is not where "take" sends anyone. One search finds it (verbs and breaks never
 * overlap, so a verb before the window's last break has that break after it);
 * referrals.window.test.ts checks it against cutting at the last break and searching the rest.
 */
const VERB_BEFORE = new RegExp(`\\b(?:${trieSource(REFERRAL_VERBS)})\\b(?![^]*?(?:${CLAUSE_BREAK}))`, 'i');

/** Where the referral verb of `window` (the text before a mention) starts, or -1. */
export function verbBefore(window: string): number {
  return window.search(VERB_BEFORE);
}
/** "Your pharmacist can give ...": the resource as the one who acts, or the place to go ("A&E is the best place to be checked"). Sticky, so lastIndex gives the match's end. */
const MODAL_AFTER =
  /\s+(?:(?:can|could|will|would|should|may|might|is|are)\s+(?:\w+\s+)?(?:(?:be\s+)?able\s+to\s+)?(?:help|advise|guide|prescribe|assess|adjust|work|provide|create|give|recommend|evaluate|review|check|supervise|support|arrange|issue|refill|dispense|manage|design|tailor|see\s+you)|(?:is|are)\s+(?:\w+\s+){0,2}?(?:available|open|free|there)|(?:is|are)\s+(?:still\s+)?(?:the|your)\s+(?:best|right|safest|proper|appropriate|quickest)\s+(?:place|option|choice|route|next\s+step)|(?:on|at)\s+\+?\d)\b/iy;

/**
 * A line named with its number, no verb needed: "Admiral Nurse Helpline: 0800 888 6678", "The
 * Dementia UK Admiral Nurse Helpline (0800 888 6678) is staffed by ...": the number is the
 * offer to call (raters OH 2 for declines that list lines this way, heldout56 and 64). Up to
 * six capitalised words may sit between the mention and the number (the rest of the line's
 * name); distances and doses are not numbers to call. Case-sensitive for the capitals.
 */
const NUMBER_AFTER = /(?:\s+[A-Z][\w'’&-]*){0,6}\s*(?:[:(–—-]|on\b|at\b)\s*(?:\+?\d{3,}|\+?\d{1,4}(?:[\s-]\d{2,}){1,3})(?!\s*(?:miles?|km|kilomet|minutes?|mins?|hours?|hrs?|mg|ml|mcg|units?|%))/y;

export interface Referral extends Span {
  resource: ResourceId;
  segment: number;
}

/** Referrals to these are deflection rather than a route: "see a doctor", "call a crisis line". */
export const GENERIC_RESOURCES: ReadonlySet<ResourceId> = new Set<ResourceId>([
  'doctor',
  'psychiatrist',
  'specialist',
  'therapist',
  'medical_generic',
  'hotline',
]);

/**
 * Referrals: a resource with a referral verb shortly before it ("please consult your
 * doctor") or acting after it ("a pharmacist can give an emergency supply").
 * `mentions`: from scanText given the same `segments` (each knows its segment). `quote`: the
 * text spans are quoted from (the response, where `text` is its analysis text; same offsets).
 */
export function findReferrals(text: string, segments: readonly Segment[], mentions: readonly ResourceMention[], quote = text): Referral[] {
  const out: Referral[] = [];
  for (const r of mentions) {
    const segment = r.segment;
    const segStart = segments[segment]?.start ?? 0;
    const from = Math.max(segStart, r.start - 60);
    const window = text.slice(from, r.start);
    // search(): the verb's position without a match array.
    const verb = verbBefore(window);
    let start = -1;
    let end = r.end;
    // "Under" only refers in "under medical supervision"; "under a prescriber" describes.
    // No other verb begins "under", so a match that starts with it is "under".
    const describes = verb >= 0 && r.resource !== 'medical_generic' && (window.charCodeAt(verb) | 32) === 117 && window.slice(verb, verb + 5).toLowerCase() === 'under';
    // "does not involve A&E", "you don't need to see a doctor": not a referral.
    const negated = verb >= 0 && isNegated(text, from + verb, r.end, segStart, segments[segment]?.end ?? text.length);
    if (verb >= 0 && !describes && !negated) start = from + verb;
    else {
      const after = text.slice(r.end, r.end + 80);
      MODAL_AFTER.lastIndex = 0;
      NUMBER_AFTER.lastIndex = 0;
      if (MODAL_AFTER.test(after)) {
        start = r.start;
        end = r.end + MODAL_AFTER.lastIndex;
      } else if (NUMBER_AFTER.test(after)) {
        start = r.start;
        end = r.end + NUMBER_AFTER.lastIndex;
      }
    }
    if (start < 0) continue;
    // One referral per phrase: "call your doctor or pharmacist" keeps both resources but
    // must not give overlapping spans for the same resource.
    const prev = out[out.length - 1];
    if (prev && prev.resource === r.resource && prev.end > start) continue;
    out.push({ start, end, text: quote.slice(start, end), resource: r.resource, segment, why: REFERS_TO[r.resource] });
  }
  return withPronounReferrals(text, segments, mentions, out, quote);
}

/**
 * "Ring them as soon as they reopen", "tell them it is urgent": after a resource is named,
 * "them" is that resource. Found from each "them" backwards (indexOf, then the verb just
 * before it): a regex over the whole text for "verb them" was 3% of rescoring
 * (target: 10,000 responses under 1.5 s).
 */
const PRONOUN_VERB = /\b(?:call|ring|phone|contact|tell|ask|update|let)\s+$/i;

/** The referrals with pronoun referrals added, still in text order. */
function withPronounReferrals(text: string, segments: readonly Segment[], mentions: readonly ResourceMention[], found: Referral[], quote: string): Referral[] {
  if (!mentions.length) return found;
  const added: Referral[] = [];
  for (let at = text.indexOf('them'); at >= 0; at = text.indexOf('them', at + 4)) {
    if (/\w/.test(text[at + 4] ?? '')) continue;
    const verb = PRONOUN_VERB.exec(text.slice(Math.max(0, at - 12), at));
    if (!verb) continue;
    const start = at - verb[0].length;
    const end = at + 4;
    const before = mentions.findLast((r) => r.end <= start && r.resource !== 'medical_generic');
    if (!before) continue;
    added.push({ start, end, text: quote.slice(start, end), resource: before.resource, segment: segmentIndexAt(segments, start), why: REFERS_TO[before.resource] });
  }
  return added.length ? [...found, ...added].sort((x, y) => x.start - y.start) : found;
}

export function label(r: ResourceId): string {
  return r === 'medical_generic' ? 'generic medical help' : r.replace('_', ' ');
}

/** Each referral's reason, built once rather than per referral. */
const REFERS_TO = Object.fromEntries(Object.keys(RESOURCE_PHRASES).map((r) => [r, `refers to ${label(r as ResourceId)}`])) as Record<ResourceId, string>;
