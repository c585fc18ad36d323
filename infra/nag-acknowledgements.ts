// cdk-nag findings we accept, each with its reason. Everything else fails the synth.
import { Validations } from 'aws-cdk-lib';
import type { ApiStack } from './stacks/api-stack.ts';
import type { DataStack } from './stacks/data-stack.ts';

export function acknowledgeFindings(stacks: { data: DataStack; api: ApiStack }): void {
  const { api } = stacks;
  for (const route of api.http.publicRoutes) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public by design: anyone may read the intake forms and submit one (DESIGN.md section 4). These routes are throttled per route, validate every input, and expose no personal data.',
    });
  }
}
