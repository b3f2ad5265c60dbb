import fc from 'fast-check';

/**
 * Property tests run on a fixed seed so CI is repeatable; set FC_SEED to another number to
 * explore, or FC_SEED=random for a fresh seed each run (fast-check prints it on failure).
 */
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261122 : Number(seed) });
