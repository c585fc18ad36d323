// Stateful resources, deployed and retained separately from the stateless ones.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CaseworkTable } from '../constructs/casework-table.ts';
import { SensitiveFieldsKey } from '../constructs/sensitive-fields-key.ts';

export class DataStack extends Stack {
  readonly data: CaseworkTable;
  readonly sensitiveFields: SensitiveFieldsKey;

  /** `retainData: false` (a dev stage): no termination protection, and the table and keys go with the stack. */
  constructor(scope: Construct, id: string, props: StackProps & { stage?: string; retainData?: boolean }) {
    const { stage, retainData = true, ...stackProps } = props;
    super(scope, id, { ...stackProps, terminationProtection: retainData });
    this.data = new CaseworkTable(this, 'Casework', { retain: retainData });
    this.sensitiveFields = new SensitiveFieldsKey(this, 'SensitiveFields', { retain: retainData, ...(stage ? { stage } : {}) });
  }
}
