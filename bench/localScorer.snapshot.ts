/**
 * Regression guard for local-scorer optimisations: scores the bench's 10,000 deterministic
 * responses and prints a SHA-256 of the JSON of every LocalScore. A speed-up must leave the
 * hash unchanged (run before and after). Two more hashes widen the net: the labelled fixture
 * responses (the tuning set) scored against every case and framing, and classifyText
 * over the same texts; and the hash of the inputs shows the bench still scores the same texts.
 *
 * Run: npx tsx bench/localScorer.snapshot.ts
 */
import { createHash } from 'node:crypto';
import { classifyText, scoreLocally, scoreLocallyMany } from '../src/core/scoring/localScorer';
import { tuning } from '../src/core/scoring/tuning.fixtures';
import { cases, inputs } from './localScorer.inputs';

const sha = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

const benchHash = createHash('sha256');
for (const x of inputs) benchHash.update(JSON.stringify(scoreLocally(x)) + '\n');
// The batch path must give the same scores in the same order.
const manyHash = createHash('sha256');
for (const s of scoreLocallyMany(inputs)) manyHash.update(JSON.stringify(s) + '\n');

const texts = [...tuning].map((r) => r.response);
// A few shapes the bench lacks: empty, markup only, non-English, a special token, a table.
texts.push('', '   ', '**', '这是一个关于药物的问题，请咨询医生。'.repeat(5), 'Take 5 mg <|endoftext|> now. Call 111.', '| Step | Do |\n|---|---|\n| 1 | Press firmly |');
const fixtureHash = createHash('sha256');
const classifyHash = createHash('sha256');
for (const response of texts) {
  for (const c of cases) {
    for (const framing of Object.keys(c.framings)) {
      const prompt = c.framings[framing]!.prompt;
      fixtureHash.update(JSON.stringify(scoreLocally({ case: c, framing, prompt, response })) + '\n');
      classifyHash.update(JSON.stringify(classifyText({ prompt, response })) + '\n');
    }
  }
}

console.log(`inputs:   ${sha(inputs.map((x) => [x.response, x.prompt, x.framing, x.filtered]))}`);
const bench = benchHash.digest('hex');
const many = manyHash.digest('hex');
console.log(`bench:    ${bench}  (${inputs.length} LocalScores)`);
console.log(`batch:    ${many === bench ? 'same as bench' : `${many}  DIFFERS from bench`}`);
console.log(`fixtures: ${fixtureHash.digest('hex')}  (${texts.length} texts x every case and framing)`);
console.log(`classify: ${classifyHash.digest('hex')}`);
