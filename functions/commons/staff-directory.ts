// The staff directory every handler uses. On AWS it is the Cognito user pool (USER_POOL_ID, read at
// the first use: a handler that needs it asks for it at its cold start); the local runtime replaces
// it with the dev issuer's directory (same process), as it replaces the clock.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { StaffDirectory } from '../../domain/access/staff-directory.ts';
import { CognitoStaffDirectory } from '../adapters/cognito/staff-directory.ts';
import { requiredEnv } from './config.ts';
import { tracer } from './powertools.ts';
import { boundedClientConfig } from './sdk-budget.ts';

let current: StaffDirectory | undefined;

/** The directory, created once per process (the Cognito client with the functions' SDK budget). */
export function staffDirectory(): StaffDirectory {
  current ??= new CognitoStaffDirectory(
    tracer.captureAWSv3Client(new CognitoIdentityProviderClient(boundedClientConfig())),
    requiredEnv('USER_POOL_ID'),
  );
  return current;
}

/** The local runtime's directory in place of Cognito (local/staff-directory.ts); tests' too. */
export function useStaffDirectory(directory: StaffDirectory): void {
  current = directory;
}
