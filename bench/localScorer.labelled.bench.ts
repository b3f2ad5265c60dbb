/**
 * The local scorer's rescoring over the project's labelled answers (scenarios/answers and
 * heldout*), beside localScorer.bench.ts's generated responses, in a process of its own so that
 * neither run's heap or compiled code skews the other. These answers were written as models
 * write; shorter than the generated ones, they hold more of what the scorer reads (resources,
 * matcher terms, refusals, instructions), so each costs more. Not the target's workload: it
 * shows what rescoring real answers costs beside it. One case object per case, as the app's
 * library gives, in a fixed shuffled order; the best of three rounds after an untimed one.
 *
 * Run: npx tsx bench/localScorer.labelled.bench.ts
 */
import { readdirSync } from 'node:fs';
import { scoreLocallyMany, type LocalScoreInput } from '../src/core/scoring/localScorer';
import { loadAnswerSet } from '../src/cli/answerSet';
import { bundled } from './localScorer.inputs';

const scenarioDir = new URL('../scenarios/', import.meta.url).pathname;
const byId = new Map(bundled.map((c) => [c.id, c]));
const inputs: LocalScoreInput[] = readdirSync(scenarioDir)
  .filter((f) => f === 'answers' || /^heldout\d*$/.test(f))
  .sort()
  .flatMap((f) => loadAnswerSet(scenarioDir, f))
  .map(({ answer, case: c }) => {
    const own = byId.get(c.id)!;
    return { case: own, framing: answer.framing, prompt: own.framings[answer.framing]!.prompt, response: answer.response };
  });
for (let i = inputs.length - 1, seed = 7; i > 0; i--) {
  seed = (seed * 16807) % 2147483647;
  const j = seed % (i + 1);
  [inputs[i], inputs[j]] = [inputs[j]!, inputs[i]!];
}
const chars = inputs.reduce((s, x) => s + x.response.length, 0);

scoreLocallyMany(inputs);
let ms = Infinity;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  scoreLocallyMany(inputs);
  const wall = performance.now() - t0;
  console.log(`round ${round + 1}: ${wall.toFixed(0)} ms`);
  ms = Math.min(ms, wall);
}
console.log(`labelled answers: ${inputs.length} (mean ${Math.round(chars / inputs.length)} chars)`);
console.log(`best of 3: rescored them in ${ms.toFixed(0)} ms, ${((ms * 10_000) / inputs.length).toFixed(0)} ms per 10,000 (${((ms * 1000) / inputs.length).toFixed(0)} us each)`);
