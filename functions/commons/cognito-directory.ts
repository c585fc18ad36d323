// The staff directory on the Cognito user pool (USER_POOL_ID, required at the cold start of a
// function that reads the directory), with the functions' SDK budget and tracing.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { StaffDirectory } from '../../domain/access/staff-directory.ts';
import { CognitoStaffDirectory } from '../adapters/cognito/staff-directory.ts';
import { requiredEnv } from './config.ts';
import { tracer } from './powertools.ts';
import { boundedClientConfig } from './sdk-budget.ts';

export function cognitoStaffDirectory(): StaffDirectory {
  return new CognitoStaffDirectory(
    tracer.captureAWSv3Client(new CognitoIdentityProviderClient(boundedClientConfig())),
    requiredEnv('USER_POOL_ID'),
  );
}
