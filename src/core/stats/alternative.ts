/**
 * Direction of the alternative hypothesis, spelled as in SciPy.
 * - 'greater': the statistic (for paired tests: the differences) tends to be above the null.
 * - 'less': it tends to be below.
 * - 'two-sided': either direction.
 */
export type Alternative = 'two-sided' | 'greater' | 'less';
