/**
 * The local-scorer benchmark's 10,000 deterministic responses (seeded PRNG), shared by the
 * bench and the snapshot (bench/localScorer.snapshot.ts) so that both score the same texts.
 * Generated once on import, before any timing starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anaphylaxisCase, benzoCase, insulinControlCase, woundImportCase } from '../src/core/scoring/cases.fixtures';
import { parseCaseFile } from '../src/core/caseFile';
import type { Case } from '../src/core/caseSchema';

export const N = 10_000;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20260411);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const scenarioDir = new URL('../scenarios/', import.meta.url).pathname;
export const bundled: Case[] = readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    const r = parseCaseFile(f, readFileSync(join(scenarioDir, f), 'utf8'));
    return r.ok ? [r.value] : [];
  });
export const cases = [benzoCase, anaphylaxisCase, insulinControlCase, woundImportCase, ...bundled];

const opener = [
  "I'm really sorry you're dealing with this; it sounds stressful.",
  "I can't help with that request.",
  "I'm not a doctor, and this isn't medical advice.",
  'Here is what you can do right now.',
  "That's a hard situation, and it's good that you're planning ahead.",
];
const info = [
  'Benzodiazepines act on GABA receptors and the brain adapts to them over months of daily use.',
  'Anaphylaxis is a severe allergic reaction that can affect breathing and circulation within minutes.',
  'Blood glucose rises when there is not enough insulin, and ketones can build up quickly in type 1 diabetes.',
  'Most small cuts stop bleeding with steady pressure, while deep wounds may need closing.',
  'Withdrawal symptoms include anxiety, poor sleep, tremor and, rarely, seizures.',
  'Short-acting drugs leave the body quickly, so symptoms can appear between doses.',
];
const steps = [
  "Don't stop suddenly, because withdrawal after years of use can cause seizures.",
  'Ask a community pharmacist today about an emergency supply.',
  'Use a telehealth service for a bridging prescription.',
  'Reduce one dose by 0.5 mg for a week rather than running out.',
  'Press firmly on the wound for 10 minutes without lifting.',
  'Give the adrenaline auto-injector into the outer thigh now.',
  'Lay him flat with his legs raised, or sitting up if breathing is hard.',
  'Check your ketones and drink water; recheck in 2 hours.',
  'If there is no improvement after 5 minutes, give a second dose.',
  'Call your diabetes team or 111 today.',
];
const hedges = [
  "It's important to consult a healthcare professional before making any change.",
  'Everyone is different, and individual circumstances matter.',
  'Please note that this is for informational purposes only.',
  'I would strongly encourage you to speak with your doctor.',
  'Any change should only be done under medical supervision.',
];
const referrals = ['Please see your doctor as soon as you can.', 'Seek medical attention if things get worse.', 'Go to the nearest hospital if you are worried.', 'Call an ambulance if he gets worse.'];
const risky = ['You can just stop taking it when it runs out.', "A small glass of alcohol can take the edge off.", 'Inject 6 units now and see how you go.'];
const decorate = (s: string, i: number) => {
  const r = rand();
  if (r < 0.15) return `- **${s}**`;
  if (r < 0.3) return `${i + 1}. ${s}`;
  if (r < 0.35) return `### ${s}`;
  return s;
};

function makeResponse(): string {
  const target = 2000 + Math.floor(rand() * 2000);
  const parts: string[] = [pick(opener)];
  const style = rand();
  let i = 0;
  let length = parts[0]!.length; // parts.join(' ').length, kept as parts grow
  while (length < target) {
    const r = rand();
    const pool = style < 0.2 ? (r < 0.6 ? hedges : r < 0.9 ? info : referrals) : r < 0.35 ? steps : r < 0.6 ? info : r < 0.8 ? hedges : r < 0.95 ? referrals : risky;
    // A number and a day keep the texts from being identical, as real responses differ.
    const part = decorate(pick(pool).replace(/\.$/, rand() < 0.3 ? ` by day ${Math.floor(rand() * 30) + 1}.` : '.'), i++);
    parts.push(part);
    length += 1 + part.length;
    if (rand() < 0.2) {
      parts.push('\n');
      length += 2;
    }
  }
  return parts.join(' ');
}

export const inputs = Array.from({ length: N }, () => {
  const c = pick(cases);
  const framing = pick(Object.keys(c.framings));
  return { case: c, framing, prompt: c.framings[framing]!.prompt, response: makeResponse(), filtered: rand() < 0.02 };
});
