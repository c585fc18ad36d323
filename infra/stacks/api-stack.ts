// The API: staff directory, HTTP API and its functions. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes.ts';
import { CaseworkHttpApi, type CaseworkHttpApiProps } from '../constructs/casework-http-api.ts';
import { StaffDirectory } from '../constructs/staff-directory.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  caseWorkflows?: Record<string, string>;
  grantWorkflows?: CaseworkHttpApiProps['grantWorkflows'];
}

export class ApiStack extends Stack {
  readonly staff: StaffDirectory;
  readonly http: CaseworkHttpApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.staff = new StaffDirectory(this, 'Staff');
    this.http = new CaseworkHttpApi(this, 'Http', {
      routes,
      table: props.table,
      staff: this.staff,
      ...(props.caseWorkflows ? { caseWorkflows: props.caseWorkflows } : {}),
      ...(props.grantWorkflows ? { grantWorkflows: props.grantWorkflows } : {}),
    });
  }
}
