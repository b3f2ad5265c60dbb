// The statistics library of the core: pure functions, no DOM and no Node built-ins.
export type { Alternative } from './alternative';
export * from './agreement';
export * from './bootstrap';
export * from './distributions';
export * from './holm';
export * from './mannWhitney';
export * from './permutationTest';
export * from './ranks';
export * from './rng';
export * from './spearman';
export * from './wilcoxon';
