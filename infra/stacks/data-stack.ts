// Stateful resources, deployed and retained separately from the stateless ones.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CaseworkTable } from '../constructs/casework-table.ts';
import { SensitiveFieldsKey } from '../constructs/sensitive-fields-key.ts';

export class DataStack extends Stack {
  readonly data: CaseworkTable;
  readonly sensitiveFields: SensitiveFieldsKey;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.data = new CaseworkTable(this, 'Casework');
    this.sensitiveFields = new SensitiveFieldsKey(this, 'SensitiveFields');
  }
}
