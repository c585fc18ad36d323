// The case workflows and the functions they call. Composes constructs; no logic of its own: one
// ProgrammeWorkflows per declared programme that has a process (domain/programmes/).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { programmes } from '../../domain/programmes/index.ts';
import type { ProgrammeDeclaration } from '../../domain/programmes/types.ts';
import { pascalCase } from '../../workflows/asl.ts';
import { definitionsOf } from '../../workflows/programmes.ts';
import { ProgrammeWorkflows, type WorkflowAccess } from '../constructs/workflows/programme-workflows.ts';
import { WorkflowFunctions } from '../constructs/workflows/workflow-functions.ts';
import { WorkflowStarter } from '../constructs/workflows/workflow-starter.ts';
import { MatchSuggester } from '../constructs/match-suggester.ts';
import { IndicatorKeeper } from '../constructs/indicator-keeper.ts';
import { RetentionSweep } from '../constructs/retention-sweep.ts';
import type { RetentionPolicy } from '../../domain/privacy/retention.ts';

export class WorkflowsStack extends Stack {
  readonly functions: WorkflowFunctions;
  /** The process of each declared programme that has phases. */
  readonly programmes: ProgrammeWorkflows[];
  readonly starter: WorkflowStarter;
  /** Match suggestions for a new case's person, from the table's stream (off the submission's path). */
  readonly matchSuggester: MatchSuggester;
  /** The indicators' counters, kept from the table's stream (docs/indicators.md). */
  readonly indicators: IndicatorKeeper;
  readonly retention: RetentionSweep;

  constructor(scope: Construct, id: string, props: StackProps & { table: ITable; retention: RetentionPolicy; stage?: string }) {
    const { stage, table, retention, ...stackProps } = props;
    super(scope, id, stackProps);
    this.functions = new WorkflowFunctions(this, 'Functions', { table, ...(stage ? { stage } : {}) });
    this.programmes = (programmes as readonly ProgrammeDeclaration[])
      .filter((declaration) => declaration.phases.length > 0)
      .map(
        (declaration) =>
          new ProgrammeWorkflows(this, pascalCase(declaration.programme), {
            declaration,
            definitions: definitionsOf(declaration.programme),
            functions: this.functions,
          }),
      );
    this.starter = new WorkflowStarter(this, 'Starter', { table, caseWorkflows: this.caseWorkflowArns() });
    // Stop: the executions a WorkflowStop names (a protection case closed when its person departed
    // through AVRR): the phases each programme declares stopped by a linked case.
    this.grantWorkflows(this.starter.function, ['start', 'stop-linked']);
    this.matchSuggester = new MatchSuggester(this, 'MatchSuggester', { table });
    this.indicators = new IndicatorKeeper(this, 'Indicators', { table });
    this.retention = new RetentionSweep(this, 'Retention', {
      table,
      scheduleGroup: this.functions.scheduleGroup,
      policy: retention,
      deadLetters: this.functions.scheduleDeadLetters,
      asyncFailures: this.functions.asyncFailures,
    });
  }

  /** Every programme's state machine ARNs by `${caseType}:${phase}` and by case type (first phase). */
  caseWorkflowArns(): Record<string, string> {
    return Object.assign({}, ...this.programmes.map((programme) => programme.caseWorkflowArns())) as Record<string, string>;
  }

  /** What a function may do to every programme's workflows. */
  grantWorkflows(fn: IGrantable, access: readonly WorkflowAccess[]): void {
    for (const programme of this.programmes) programme.grant(fn, access);
  }
}
