/** The LLM judges: prompts, tolerant parsing of their answers, and judging on the run scheduler. */
export { buildJudgeMessages, JUDGE_PROTOCOLS, PROMPT_VERSIONS, type JudgeInput, type JudgeProtocol } from './prompts';
export { extractJson, parseJudgeOutput, type JudgeParse, type SingleVerdict, type StructuredVerdict, type Verdict } from './parse';
export {
  createJudgeRun,
  filteredScoreRecord,
  judgeRequest,
  triage,
  verdictOf,
  judgeScorer,
  judgeScorerVersion,
  JUDGE_PARAMS,
  toScoreRecord,
  type JudgeCall,
  type JudgeEvents,
  type JudgeRun,
  type JudgeRunOptions,
  type JudgeSummary,
  type ScoreStore,
} from './judge';
