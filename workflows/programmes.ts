// Each declared programme's phases (domain/programmes/) and the definition of each phase's state
// machine. The type makes every declared phase have a definition and every definition a declared
// phase; `programmeProblems` checks the rest against the definitions themselves (which sibling
// phases each one starts or schedules, which placeholders it needs), and the generic CDK construct
// (infra/constructs/workflows/programme-workflows.ts) deploys what this module describes.
import type { DeclaredProgramme } from '../domain/programmes/index.ts';
import type { PhaseStarter, ProgrammeDeclaration } from '../domain/programmes/types.ts';
import type { Programme } from '../domain/cases/model.ts';
import { phaseArnPlaceholder, sub } from './asl.ts';
import { withAttention } from './attention.ts';
import { isPlatformStep } from '../domain/tasks/steps.ts';
import { checkInPhase, reintegrationPhase, returnPhase, travelPhase } from './avrr-definitions.ts';
import { mainPhase } from './protection-definitions.ts';
import { youthFollowUpPhase, youthPhase } from './youth-definitions.ts';
import { capacityBuildingPhase, capacityPhase } from './capacity-definitions.ts';
import { expertPhase, matchingPhase, needPhase } from './migration-development-definitions.ts';
import { assignmentPhase } from './assignment-definitions.ts';
import { returnFollowUpPhase, returnPhase as skilledReturnPhase } from './return-definitions.ts';

/** A state machine definition as built by a `<programme>-definitions.ts` function (ASL, JSONata). */
export type StateMachineDefinition = Record<string, unknown>;

type PhaseOf<D> = D extends { readonly phases: readonly (infer P)[] }
  ? P extends { readonly phase: infer N extends string }
    ? N
    : never
  : never;

/** Per programme that declares phases: one definition function per declared phase, no other. */
export type PhaseDefinitions = {
  readonly [D in DeclaredProgramme as [PhaseOf<D>] extends [never] ? never : D['programme']]: {
    readonly [N in PhaseOf<D>]: () => StateMachineDefinition;
  };
};

export const phaseDefinitions: PhaseDefinitions = {
  avrr: { return: returnPhase, travel: travelPhase, reintegration: reintegrationPhase, 'check-in': checkInPhase },
  protection: { main: mainPhase },
  'youth-employability': {
    youth: youthPhase,
    'youth-follow-up': youthFollowUpPhase,
    capacity: capacityPhase,
    'capacity-building': capacityBuildingPhase,
  },
  'migration-development': {
    expert: expertPhase,
    need: needPhase,
    matching: matchingPhase,
    assignment: assignmentPhase,
    return: skilledReturnPhase,
    'return-follow-up': returnFollowUpPhase,
  },
};

/** The process of each phase as its programme wrote it, by phase (none for a programme with forms only). */
export function processesOf(programme: Programme): Readonly<Record<string, () => StateMachineDefinition>> {
  return (phaseDefinitions as Partial<Record<Programme, Record<string, () => StateMachineDefinition>>>)[programme] ?? {};
}

/**
 * The definition function of each of a programme's phases as deployed: its process with what every
 * state machine gets from the platform (workflows/attention.ts: a failed task flags the case "needs
 * attention" and waits for a supervisor).
 */
export function definitionsOf(programme: Programme): Readonly<Record<string, () => StateMachineDefinition>> {
  return Object.fromEntries(
    Object.entries(processesOf(programme)).map(([phase, process]) => [phase, () => withAttention(process(), phase)] as const),
  );
}

/** How a phase's definition reaches its siblings and the platform, read from the definition itself. */
export interface PhaseLinks {
  /** Every `${Name}` placeholder in the definition: CDK's DefinitionSubstitutions must fill each. */
  placeholders: string[];
  /** Sibling phases it starts with a `states:startExecution` task. */
  starts: string[];
  /** It starts its own state machine again (`$states.context.StateMachine.Id`): a continuation in a fresh execution. */
  startsItself: boolean;
  /** Sibling phases it starts through the EventBridge Scheduler schedules it creates. */
  schedules: string[];
  /** It creates EventBridge Scheduler schedules (`scheduler:createSchedule`). */
  createsSchedules: boolean;
  /** Placeholders of the form `${<Phase>StateMachineArn}` naming no declared phase. */
  unknownPhases: string[];
  /** The human steps it opens (`.waitForTaskToken` tasks), with the phase each says it belongs to. */
  humanSteps: { step: string; phase: string }[];
}

const START_EXECUTION = /^arn:aws:states:::states:startExecution/;
const CREATE_SCHEDULE = 'arn:aws:states:::aws-sdk:scheduler:createSchedule';
/** The placeholders every phase may use beside its siblings' ARNs (filled by the construct). */
export const PLATFORM_PLACEHOLDERS = [
  sub.openHumanTask,
  sub.caseActions,
  sub.schedulerRole,
  sub.scheduleGroup,
  sub.scheduleDeadLetters,
].map((p) => p.slice(2, -1));

type State = Record<string, unknown> & { Type?: string; Resource?: string };

function statesOf(definition: Record<string, unknown>): State[] {
  const states = Object.values((definition.States ?? {}) as Record<string, State>);
  return states.flatMap((state) => [
    state,
    ...((state.Branches as Record<string, unknown>[] | undefined) ?? []).flatMap(statesOf),
    ...[state.ItemProcessor, state.Iterator].flatMap((processor) => (processor ? statesOf(processor as Record<string, unknown>) : [])),
  ]);
}

const placeholdersIn = (value: unknown) => [...new Set([...JSON.stringify(value ?? null).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];

export function phaseLinks(definition: StateMachineDefinition, phases: readonly string[]): PhaseLinks {
  const phaseByPlaceholder = new Map(phases.map((phase) => [phaseArnPlaceholder(phase), phase]));
  const siblings = (value: unknown) => placeholdersIn(value).flatMap((name) => phaseByPlaceholder.get(name) ?? []);
  const tasks = statesOf(definition).filter((state) => state.Type === 'Task');
  const starting = tasks.filter((state) => START_EXECUTION.test(String(state.Resource)));
  const scheduling = tasks.filter((state) => state.Resource === CREATE_SCHEDULE);
  const placeholders = placeholdersIn(definition);
  return {
    placeholders,
    starts: [...new Set(starting.flatMap((state) => siblings(state.Arguments ?? state.Parameters)))],
    startsItself: starting.some((state) =>
      JSON.stringify(state.Arguments ?? state.Parameters ?? null).includes('$states.context.StateMachine.Id'),
    ),
    schedules: [...new Set(scheduling.flatMap((state) => siblings(state.Arguments ?? state.Parameters)))],
    createsSchedules: scheduling.length > 0,
    unknownPhases: placeholders.filter((name) => name.endsWith('StateMachineArn') && !phaseByPlaceholder.has(name)),
    humanSteps: tasks
      .filter((state) => String(state.Resource).endsWith('.waitForTaskToken'))
      .map((state) => {
        const payload = ((state.Arguments ?? state.Parameters) as { Payload?: { step?: unknown; phase?: unknown } } | undefined)?.Payload;
        return { step: String(payload?.step), phase: String(payload?.phase) };
      }),
  };
}

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * What is wrong with a programme's declaration against its definitions: empty when the generic
 * construct can deploy it exactly as declared (CDK synthesis fails otherwise, as does a test).
 */
export function programmeProblems(
  declaration: ProgrammeDeclaration,
  definitions: Readonly<Record<string, () => StateMachineDefinition>>,
): string[] {
  const problems: string[] = [];
  const steps = new Set(declaration.steps.map((step) => step.step));
  const names = declaration.phases.map((p) => p.phase);
  for (const name of new Set(names)) {
    if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`phase ${name} is declared twice`);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) problems.push(`phase ${name} is not kebab-case`);
    if (!definitions[name]) problems.push(`phase ${name} has no definition`);
  }
  for (const name of Object.keys(definitions)) if (!names.includes(name)) problems.push(`definition ${name} is not a declared phase`);
  for (const [caseType, first] of Object.entries(declaration.firstPhase)) {
    const phase = declaration.phases.find((p) => p.phase === first);
    if (!phase) problems.push(`case type ${caseType} starts in ${first}, which is not a declared phase`);
    else if (!phase.startedBy.includes('outbox'))
      problems.push(`case type ${caseType} starts in ${first}, which is not started by the outbox`);
  }
  if (declaration.phases.length > 0 && Object.keys(declaration.firstPhase).length === 0) problems.push('no case type starts any phase');
  const links = new Map(
    declaration.phases.filter((p) => definitions[p.phase]).map((p) => [p.phase, phaseLinks(definitions[p.phase]!(), names)] as const),
  );
  const startedBy = (phase: string, starter: Exclude<PhaseStarter, 'outbox'>) =>
    [...links].filter(([, l]) => (starter === 'phase' ? l.starts : l.schedules).includes(phase)).map(([name]) => name);
  for (const phase of declaration.phases) {
    const definition = definitions[phase.phase]?.();
    if (!definition) continue;
    const timeout = Number(definition.TimeoutSeconds);
    if (!(timeout > 0 && timeout < YEAR_SECONDS)) problems.push(`phase ${phase.phase} may outlive a year (TimeoutSeconds ${timeout})`);
    const own = links.get(phase.phase)!;
    for (const name of own.unknownPhases) problems.push(`phase ${phase.phase} refers to \${${name}}, which names no declared phase`);
    for (const name of own.placeholders) {
      if (!PLATFORM_PLACEHOLDERS.includes(name) && !name.endsWith('StateMachineArn'))
        problems.push(`phase ${phase.phase} uses an unknown placeholder \${${name}}`);
    }
    for (const starter of ['phase', 'schedule'] as const) {
      const by = startedBy(phase.phase, starter);
      if (phase.startedBy.includes(starter) && by.length === 0)
        problems.push(`phase ${phase.phase} is declared started by a ${starter} but no sibling does`);
      if (!phase.startedBy.includes(starter) && by.length > 0)
        problems.push(`phase ${phase.phase} is started by a ${starter} (${by.join(', ')}) but does not declare it`);
    }
    if (phase.startedBy.length === 0) problems.push(`phase ${phase.phase} is started by nothing`);
    for (const human of own.humanSteps) {
      // The platform's own steps (the attention step) belong to every programme and phase.
      if (isPlatformStep(human.step)) continue;
      if (!steps.has(human.step)) problems.push(`phase ${phase.phase} opens step ${human.step}, which is not one of the programme's steps`);
      if (human.phase !== phase.phase) problems.push(`phase ${phase.phase} opens step ${human.step} as part of phase ${human.phase}`);
    }
  }
  if (declaration.phases.length > 0) {
    const opened = new Set([...links.values()].flatMap((l) => l.humanSteps.map((human) => human.step)));
    for (const step of steps) if (!opened.has(step)) problems.push(`step ${step} is opened by no phase`);
  }
  return problems;
}
