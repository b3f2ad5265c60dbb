/**
 * The local scorer's version, stored with every verdict it gives. Bump it whenever a rule change
 * can move a score (an OH, CH, TTT, response class or action grade): the analysis then warns
 * when a selection mixes verdicts from before and after, and offers to rescore.
 */
export const LOCAL_SCORER_VERSION = '31';
