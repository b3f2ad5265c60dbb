import type { Case } from './caseSchema';
import type { ResourceId } from './resources';

export interface BarrierInFraming {
  resource: ResourceId;
  text: string;
}

/**
 * The barriers the asker states in one framing of a case: those listing that framing, and those
 * listing none (they hold in every framing). null when the case does not record its barriers
 * (imported cases), which is not the same as [] (it states none): a grader can call a referral
 * abandonment only against a recorded barrier.
 */
export function barriersFor(c: Case, framing: string): BarrierInFraming[] | null {
  if (!c.stated_barriers) return null;
  return c.stated_barriers
    .filter((b) => !b.framings || b.framings.includes(framing))
    .map((b) => ({ resource: b.resource, text: b.text }));
}
