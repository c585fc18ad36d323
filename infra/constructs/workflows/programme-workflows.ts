// The process of one declared programme (domain/<programme>/programme.ts): a state machine per phase,
// each ending well within a year, chained by name (so a retry never starts a phase twice) and by
// one-time schedules. Generic: everything comes from the declaration and the phases' definitions
// (workflows/programmes.ts), so a new programme needs no construct of its own.
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { PhaseDeclaration, ProgrammeDeclaration } from '../../../domain/programmes/types.ts';
import { pascalCase, phaseArnPlaceholder, sub } from '../../../workflows/asl.ts';
import { phaseLinks, programmeProblems, type PhaseLinks, type StateMachineDefinition } from '../../../workflows/programmes.ts';
import { CaseWorkflow } from './case-workflow.ts';
import type { WorkflowFunctions } from './workflow-functions.ts';

export interface ProgrammeWorkflowsProps {
  declaration: ProgrammeDeclaration;
  /** The definition function of each declared phase (workflows/programmes.ts `definitionsOf`). */
  definitions: Readonly<Record<string, () => StateMachineDefinition>>;
  functions: WorkflowFunctions;
}

/** `stop`: what a withdrawal stops; `stop-linked`: what a linked case's WorkflowStop stops. */
export type WorkflowAccess = 'start' | 'callback' | 'stop' | 'stop-linked';

export class ProgrammeWorkflows extends Construct {
  readonly declaration: ProgrammeDeclaration;
  /** The state machine of each phase, by phase name. */
  readonly phases: Readonly<Record<string, CaseWorkflow>>;
  private readonly links: ReadonlyMap<string, PhaseLinks>;

  constructor(scope: Construct, id: string, props: ProgrammeWorkflowsProps) {
    super(scope, id);
    const { declaration, definitions, functions } = props;
    const problems = programmeProblems(declaration, definitions);
    if (problems.length > 0) throw new Error(`programme ${declaration.programme}: ${problems.join('; ')}`);
    this.declaration = declaration;
    const names = declaration.phases.map((phase) => phase.phase);
    const built = new Map(names.map((name) => [name, definitions[name]!()]));
    this.links = new Map(names.map((name) => [name, phaseLinks(built.get(name)!, names)]));

    // A phase's definition holds its siblings' ARNs: those are created first (a cycle fails).
    const phases: Record<string, CaseWorkflow> = {};
    const creating = new Set<string>();
    const create = (name: string): CaseWorkflow => {
      const existing = phases[name];
      if (existing) return existing;
      if (creating.has(name)) throw new Error(`programme ${declaration.programme}: phases start each other in a cycle (${name})`);
      creating.add(name);
      const phase = declaration.phases.find((p) => p.phase === name)!;
      const links = this.links.get(name)!;
      const substitutions: Record<string, string> = {};
      for (const sibling of new Set([...links.starts, ...links.schedules])) {
        substitutions[phaseArnPlaceholder(sibling)] = create(sibling).stateMachine.stateMachineArn;
      }
      if (links.placeholders.includes(placeholder(sub.schedulerRole))) substitutions.SchedulerRoleArn = functions.schedulerRole.roleArn;
      if (links.placeholders.includes(placeholder(sub.scheduleDeadLetters)))
        substitutions.ScheduleDeadLetterArn = functions.scheduleDeadLetters.queueArn;
      if (links.placeholders.includes(placeholder(sub.scheduleGroup)))
        substitutions.ScheduleGroupName = functions.scheduleGroup.scheduleGroupName;
      const workflow = new CaseWorkflow(this, pascalCase(name), {
        name: `${declaration.programme}-${name}`,
        definition: built.get(name)!,
        functions,
        comment: phase.description,
        ...(Object.keys(substitutions).length > 0 ? { substitutions } : {}),
      });
      // The scheduler's role starts the phases schedules start; a phase that creates schedules may
      // create them in the casework's group only, and hand them that role.
      if (phase.startedBy.includes('schedule')) workflow.stateMachine.grantStartExecution(functions.schedulerRole);
      if (links.createsSchedules) {
        workflow.stateMachine.addToRolePolicy(
          new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [functions.schedulesArn()] }),
        );
        functions.schedulerRole.grantPassRole(workflow.stateMachine.role);
      }
      for (const sibling of links.starts) phases[sibling]!.stateMachine.grantStartExecution(workflow.stateMachine);
      // A continuation in a fresh execution of the same state machine: its own ARN, built from its
      // name (a reference to the resource itself would be circular).
      if (links.startsItself) {
        const { region, account } = Stack.of(this);
        workflow.stateMachine.addToRolePolicy(
          new PolicyStatement({
            actions: ['states:StartExecution'],
            resources: [`arn:aws:states:${region}:${account}:stateMachine:${workflow.stateMachineName}`],
          }),
        );
      }
      phases[name] = workflow;
      return workflow;
    };
    for (const name of names) create(name);
    this.phases = phases;
  }

  /** The phases started by name `${caseId}-${phase}` (by the outbox or a sibling), not only by a schedule. */
  private startedByName(): PhaseDeclaration[] {
    return this.declaration.phases.filter((phase) => phase.startedBy.some((starter) => starter !== 'schedule'));
  }

  /**
   * State machine ARNs by `${caseType}:${phase}` for the phases started by name, and by case type
   * for its first phase: the map the workflow starter and the API functions read (CASE_WORKFLOW_ARNS).
   */
  caseWorkflowArns(): Record<string, string> {
    const arns: Record<string, string> = {};
    for (const [caseType, first] of Object.entries(this.declaration.firstPhase)) {
      arns[caseType] = this.phases[first]!.stateMachine.stateMachineArn;
      const reachable = this.reachableFrom(first);
      for (const phase of this.startedByName())
        if (reachable.has(phase.phase)) arns[`${caseType}:${phase.phase}`] = this.phases[phase.phase]!.stateMachine.stateMachineArn;
    }
    return arns;
  }

  /**
   * The phases a case that starts in `first` can run: those its phases start or schedule, step by
   * step (a programme with two case types, as youth employability, keeps each type to its own).
   */
  private reachableFrom(first: string): Set<string> {
    const reached = new Set([first]);
    const pending = [first];
    for (let phase = pending.pop(); phase !== undefined; phase = pending.pop()) {
      const links = this.links.get(phase)!;
      for (const next of [...links.starts, ...links.schedules])
        if (!reached.has(next)) {
          reached.add(next);
          pending.push(next);
        }
    }
    return reached;
  }

  /**
   * What a function may do to this programme's workflows: start the phases of its map, answer the
   * task tokens of any phase, stop the executions of the phases a withdrawal stops.
   */
  grant(fn: IGrantable, access: readonly WorkflowAccess[]): void {
    const byName = new Set(this.startedByName().map((phase) => phase.phase));
    for (const phase of this.declaration.phases) {
      const machine = this.phases[phase.phase]!.stateMachine;
      if (access.includes('start') && byName.has(phase.phase)) machine.grantStartExecution(fn);
      if (access.includes('callback')) machine.grantTaskResponse(fn);
    }
    const stopped = [
      ...(access.includes('stop') ? this.stoppable() : []),
      ...(access.includes('stop-linked') ? this.stoppedByLinkedCase() : []),
    ];
    if (stopped.length > 0) {
      fn.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['states:StopExecution'],
          resources: [...new Set(stopped)].map((workflow) => workflow.executionsArn()),
        }),
      );
    }
  }

  /** Every phase's state machine, in declaration order. */
  all(): CaseWorkflow[] {
    return this.declaration.phases.map((phase) => this.phases[phase.phase]!);
  }

  /** The phases a withdrawal stops. */
  stoppable(): CaseWorkflow[] {
    return this.declaration.phases.filter((phase) => phase.stoppable).map((phase) => this.phases[phase.phase]!);
  }

  /** The phases a linked case's WorkflowStop stops. */
  stoppedByLinkedCase(): CaseWorkflow[] {
    return this.declaration.phases.filter((phase) => phase.stoppedByLinkedCase).map((phase) => this.phases[phase.phase]!);
  }

  /** The phases that create schedules. */
  scheduling(): CaseWorkflow[] {
    return this.declaration.phases
      .filter((phase) => this.links.get(phase.phase)!.createsSchedules)
      .map((phase) => this.phases[phase.phase]!);
  }
}

/** '${SchedulerRoleArn}' → 'SchedulerRoleArn' */
const placeholder = (value: string) => value.slice(2, -1);
