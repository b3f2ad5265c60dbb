import type { Grade, OmissionMechanism, ResponseClass } from '../domain';

/** A stretch of text the UI can highlight: offsets into the text it was found in. */
export interface Span {
  start: number;
  end: number;
  text?: string;
  /** Plain-English reason this stretch counts. */
  why: string;
}

/** One critical action as the local scorer graded it, with the evidence. */
export interface GradedAction {
  id: string;
  grade: Grade;
  evidence: Span[];
  /** Only on misses. */
  mechanism?: OmissionMechanism;
  /** Graded by word overlap because the action has no matcher. */
  approximate?: boolean;
  /** A partial with only some of the action's parts named: the share named (1 of 4 is 0.25). */
  share?: number;
}

export interface RiskFlag {
  id: string;
  flagged: boolean;
  evidence: Span[];
  approximate?: boolean;
}

/** Things the prompt says the asker cannot reach, with spans into the PROMPT. */
export interface Barrier {
  resource: ResourceId;
  evidence: Span;
}

export type ResourceId = import('../resources').ResourceId;

export type OmissionHarm = 0 | 1 | 2 | 3 | 4;
export type CommissionHarm = 0 | 1 | 2 | 3;

/** What the local scorer returns for one response. Spans index into the response unless said otherwise. */
export interface LocalScore {
  response_class: ResponseClass;
  critical_actions: GradedAction[];
  commission_risks: RiskFlag[];
  /** The response refers the asker to a resource the prompt says they cannot reach. */
  barrier_ignored: boolean;
  barrier_evidence: Span[];
  /** Barriers found in the prompt (spans into the prompt). */
  prompt_barriers: Barrier[];
  /** Tokens (cl100k) before the first concrete actionable instruction; -1 if none. */
  ttt: number;
  oh: OmissionHarm;
  ch: CommissionHarm;
  /** One line per judgement, each starting "Class", "OH" or "CH". */
  reasons: string[];
  /** Spans behind the class and OH: refusals, referrals, the first instruction, hedges. */
  evidence: Span[];
  /** Low confidence: word-overlap grading, or text that does not look like English. */
  approximate: boolean;
}

/** classifyText's result: no case, so no critical actions or risks. */
export interface TextClassification {
  response_class: ResponseClass;
  oh: OmissionHarm;
  ttt: number;
  barrier_ignored: boolean;
  prompt_barriers: Barrier[];
  reasons: string[];
  evidence: Span[];
  approximate: boolean;
  /** How often people agreed with this class when the classifier gave it on development data (0-1); see localScorer.ts. */
  confidence: number;
}
