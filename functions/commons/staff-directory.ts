// The staff directory every handler uses. On AWS it is the Cognito user pool (cognito-directory.ts,
// created at the handler's cold start); the local runtime replaces it with the dev issuer's directory
// (same process), as it replaces the clock. This module imports nothing that reads the environment
// when loaded (no Powertools): the local system loads it before it sets the functions' variables.
import type { StaffDirectory } from '../../domain/access/staff-directory.ts';

let current: StaffDirectory | undefined;

/** The directory in place, else the one `create` makes (Cognito), kept for the process. */
export function staffDirectory(create: () => StaffDirectory): StaffDirectory {
  current ??= create();
  return current;
}

/** The local runtime's directory in place of Cognito (local/staff-directory.ts); tests' too. */
export function useStaffDirectory(directory: StaffDirectory): void {
  current = directory;
}
