// The state machines of every declared programme as AWS will get them: Standard, JSONata, every
// human step with a timeout and a path for it, no phase able to outlive Step Functions' one-year
// limit, and diagrams in docs/ generated from these very definitions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { REPO_ROOT } from '../../infra/constructs/casework-function.ts';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { workflowDocuments } from '../../scripts/workflow-docs.ts';
import { programmes } from '../../domain/programmes/index.ts';
import type { ProgrammeDeclaration } from '../../domain/programmes/types.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

type State = Record<string, unknown> & { Type: string; Resource?: string; Catch?: { ErrorEquals: string[]; Next: string }[] };

const outdir = cdkOutdirs();
const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: '' });
const definitions = assembly.stateMachines.map((machine) => ({
  name: machine.logicalId,
  definition: JSON.parse(machine.definition) as Record<string, unknown>,
}));

function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...((state.Branches as { States: Record<string, State> }[] | undefined) ?? []).flatMap((branch) => allStates(branch.States)),
    ...(state.ItemProcessor ? allStates((state.ItemProcessor as { States: Record<string, State> }).States) : []),
  ]);
}

describe('the state machines', () => {
  it('are one Standard workflow in JSONata per declared phase (four for AVRR), logged without execution data and traced', () => {
    const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const template = Template.fromStack(stacks.workflows);
    const phases = (programmes as readonly ProgrammeDeclaration[]).flatMap((programme) => programme.phases);
    expect(phases.length).toBeGreaterThanOrEqual(4);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', phases.length);
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: {} } }], IncludeExecutionData: false, Level: 'ALL' },
      TracingConfiguration: { Enabled: true },
    });
    for (const { definition } of definitions) expect(definition.QueryLanguage).toBe('JSONata');
  });

  it('give every human step a timeout and a path for it', () => {
    let humanSteps = 0;
    for (const { name, definition } of definitions) {
      for (const [stateName, state] of allStates(definition.States as Record<string, State>)) {
        if (!String(state.Resource).includes('waitForTaskToken')) continue;
        humanSteps++;
        expect(state.TimeoutSeconds, `${name} / ${stateName}`).toBeDefined();
        expect(
          state.Catch?.some((c) => c.ErrorEquals.includes('States.Timeout')),
          `${name} / ${stateName}`,
        ).toBe(true);
      }
    }
    expect(humanSteps).toBeGreaterThanOrEqual(13);
  });

  it('can never outlive the one-year limit of a Standard execution', () => {
    for (const { name, definition } of definitions) {
      expect(Number(definition.TimeoutSeconds), name).toBeGreaterThan(0);
      expect(Number(definition.TimeoutSeconds), name).toBeLessThan(365 * 24 * 3600);
    }
  });

  it('start the next phase by a name derived from the case, treating "already exists" as done', () => {
    const starts = definitions.flatMap(({ definition }) =>
      allStates(definition.States as Record<string, State>).filter(
        ([, state]) => state.Resource === 'arn:aws:states:::states:startExecution',
      ),
    );
    // AVRR's return starts travel, travel starts reintegration.
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (const [, state] of starts) {
      expect(JSON.stringify((state.Arguments as Record<string, unknown>).Name)).toMatch(/\$caseId & '-[a-z][a-z0-9-]*'/);
      expect(state.Catch?.[0]?.ErrorEquals).toEqual(['StepFunctions.ExecutionAlreadyExistsException']);
    }
  });
});

describe('workflow diagrams', () => {
  it('in docs/workflows are the ones generated from the synthesized definitions (npm run diagrams)', () => {
    for (const doc of workflowDocuments()) {
      const committed = readFileSync(path.join(REPO_ROOT, 'docs', 'workflows', doc.file), 'utf8');
      expect(committed, `${doc.file} is stale: run npm run diagrams`).toBe(doc.content);
    }
  });
});
