/** The local scorer: deterministic, offline scoring of responses against a case. */
export { scoreLocally, scoreLocallyMany, classifyText, type LocalScoreInput } from './localScorer';
export { compileCase, type CompiledCase } from './compileCase';
export * from './types';
