// What a programme is, declared in one place (domain/<programme>/programme.ts): its forms, its human
// steps, and the phases of its process. Everything generic reads these declarations: the form
// registry, the step registry, the first phase a new case starts in, the phases a withdrawal stops,
// the state machines CDK deploys (workflows/programmes.ts maps each phase to its definition), the
// workflow starter's map, the grants, the diagrams. Indicators are not declared here yet.
import type { Localized } from '../i18n/index.ts';
import type { Programme } from '../cases/model.ts';
import type { FormDefinition } from '../forms/types.ts';
import type { IndicatorDeclaration } from '../indicators/types.ts';
import type { StepDefinition } from '../tasks/step-definition.ts';

/**
 * What starts an execution of a phase:
 * - `outbox`: a WorkflowStart item written with the change that needs it (intake, a re-entry), which
 *   the workflow starter starts by name `${caseId}-${phase}` (or the item's own execution name);
 * - `phase`: a sibling phase of the same programme, by a `states:startExecution` task whose
 *   `StateMachineArn` is the placeholder `${<Phase>StateMachineArn}` (workflows/asl.ts `phaseArn`);
 * - `schedule`: a one-time EventBridge Scheduler schedule a sibling phase creates, targeting that
 *   placeholder.
 */
export type PhaseStarter = 'outbox' | 'phase' | 'schedule';

export interface PhaseDeclaration {
  /** Kebab-case; the state machine is `${stack}-${programme}-${phase}`, its executions `${caseId}-${phase}`. */
  readonly phase: string;
  /** What the phase does, in a sentence or two (English): the diagram page's summary. */
  readonly description: string;
  readonly startedBy: readonly PhaseStarter[];
  /** A withdrawal (POST /cases/{caseId}/withdrawal) stops this phase's running execution. */
  readonly stoppable?: boolean;
  /**
   * A linked case may close this case and stop this phase's running execution (a WorkflowStop item
   * the workflow starter carries out: a protection case closed when its person departs through AVRR).
   */
  readonly stoppedByLinkedCase?: boolean;
}

export interface ProgrammeDeclaration {
  readonly programme: Programme;
  readonly title: Localized;
  /** Every version of every form of the programme, older versions before newer ones. */
  readonly forms: readonly FormDefinition[];
  /** The phase a new case of each case type starts in (a phase started by `outbox`). */
  readonly firstPhase: Readonly<Record<string, string>>;
  /** The programme's human steps; step ids are unique across all programmes. */
  readonly steps: readonly StepDefinition[];
  /** The phases of its process, each one state machine (none for a programme with forms only). */
  readonly phases: readonly PhaseDeclaration[];
  /**
   * What the programme reports (docs/indicators.md): each indicator once, with its unit, the date
   * that places it in a period, its filter, aggregation and disaggregations, and the pure function
   * computing a case’s contributions. Ids are unique across programmes. Absent: it reports nothing.
   */
  readonly indicators?: readonly IndicatorDeclaration[];
}

/**
 * Declares a programme, keeping its phase names as literal types so that workflows/programmes.ts
 * is checked to give every declared phase a definition, and no undeclared one.
 */
export function defineProgramme<const D extends ProgrammeDeclaration>(declaration: D): D {
  return declaration;
}
