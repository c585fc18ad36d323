// Every programme the system runs, each declared in one place (domain/<programme>/programme.ts). The
// form and step registries, intake (the first phase), the withdrawal (the phases it stops), the
// state machines CDK deploys and the diagrams all read this list: a new programme is added here.
import { avrrProgramme } from '../avrr/programme.ts';
import { migrationDevelopmentProgramme } from '../migration-development/programme.ts';
import { protectionProgramme } from '../protection/programme.ts';
import { youthEmployabilityProgramme } from '../youth-employability/programme.ts';
import type { ProgrammeDeclaration } from './types.ts';

export const programmes = [avrrProgramme, protectionProgramme, migrationDevelopmentProgramme, youthEmployabilityProgramme] as const;

export type DeclaredProgramme = (typeof programmes)[number];

const declarations: readonly ProgrammeDeclaration[] = programmes;

/** The declaration that starts cases of this case type, if any. */
export function programmeOfCaseType(caseType: string): ProgrammeDeclaration | undefined {
  return declarations.find((declaration) => Object.hasOwn(declaration.firstPhase, caseType));
}

/**
 * The first workflow phase a case of this type starts in. A case type no programme starts yet gets
 * 'main', for which no state machine exists: its WorkflowStart is recorded and finds no workflow.
 */
export function firstPhase(caseType: string): string {
  return programmeOfCaseType(caseType)?.firstPhase[caseType] ?? 'main';
}

/** The phases a withdrawal stops for a case of this type (none if no programme starts it). */
export function stoppablePhases(caseType: string): string[] {
  return (programmeOfCaseType(caseType)?.phases ?? []).filter((phase) => phase.stoppable).map((phase) => phase.phase);
}

/** Whether an execution of this phase, for a case of this type, runs as long as the case is open. */
export function runsUntilClosed(caseType: string, phase: string): boolean {
  return (programmeOfCaseType(caseType)?.phases ?? []).some((declared) => declared.phase === phase && declared.runsUntilClosed === true);
}

export type { PhaseDeclaration, PhaseStarter, ProgrammeDeclaration } from './types.ts';
export { defineProgramme } from './types.ts';
