export type Json = unknown;

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}

export interface ChoiceRule {
  [op: string]: unknown;
  Next?: string;
  Variable?: string;
  Condition?: unknown;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Assign?: Record<string, unknown>;
  Output?: unknown;
}

export interface StateDef {
  Type: string;
  Comment?: string;
  Next?: string;
  End?: boolean;
  QueryLanguage?: string;
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
  Parameters?: unknown;
  ResultSelector?: unknown;
  Result?: unknown;
  Arguments?: unknown;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  Resource?: string;
  TimeoutSeconds?: unknown;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: unknown;
  HeartbeatSecondsPath?: string;
  Credentials?: unknown;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: ChoiceRule[];
  Default?: string;
  Seconds?: unknown;
  SecondsPath?: string;
  Timestamp?: unknown;
  TimestampPath?: string;
  Branches?: BranchDef[];
  Iterator?: BranchDef & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  ItemProcessor?: BranchDef & { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
  ItemsPath?: string;
  Items?: unknown;
  ItemSelector?: unknown;
  ItemReader?: unknown;
  ItemBatcher?: unknown;
  ResultWriter?: unknown;
  Label?: string;
  MaxConcurrency?: unknown;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: unknown;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: unknown;
  ToleratedFailurePercentagePath?: string;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export interface BranchDef {
  StartAt: string;
  States: Record<string, StateDef>;
  QueryLanguage?: string;
  Comment?: string;
  TimeoutSeconds?: number;
  Version?: string;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
