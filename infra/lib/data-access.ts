// DynamoDB permissions of the API, in one place. Tables are addressed by name
// (their names are fixed per stage), so grants need no cross-stack references.
// Transactions have no IAM action of their own: TransactWriteItems/TransactGetItems
// are authorised per item with the actions below. Scan is deliberately absent:
// no request path may scan.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export const INDEX_ACTIONS = ['dynamodb:Query'];

/** What tenant onboarding needs to create a managed tenant's table (see services/data provisioner). */
export const TENANT_PROVISIONING_ACTIONS = [
  'dynamodb:CreateTable',
  'dynamodb:DescribeTable',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:TagResource',
];

/** ARN of a table (or a name pattern such as `prefix*`) in the stack of `scope`. */
export function tableArn(scope: IConstruct, tableName: string): string {
  return Stack.of(scope).formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: tableName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** Item read/write on one table and Query on its indexes. */
export function tableItemStatements(scope: IConstruct, tableName: string): PolicyStatement[] {
  const arn = tableArn(scope, tableName);
  return [
    new PolicyStatement({ actions: ITEM_ACTIONS, resources: [arn] }),
    new PolicyStatement({ actions: INDEX_ACTIONS, resources: [`${arn}/index/*`] }),
  ];
}

/**
 * Access to managed tenants' tables. `tenantId` defaults to every tenant (`*`);
 * passing one id yields the statements a per-request, tenant-scoped session
 * policy needs, so the later STS-based isolation can reuse this function.
 */
export function tenantTableStatements(
  scope: IConstruct,
  prefix: string,
  options: { tenantId?: string; provisioning?: boolean } = {},
): PolicyStatement[] {
  const arn = tableArn(scope, `${prefix}${options.tenantId ?? '*'}`);
  const statements = [
    new PolicyStatement({ actions: ITEM_ACTIONS, resources: [arn] }),
    new PolicyStatement({ actions: INDEX_ACTIONS, resources: [`${arn}/index/*`] }),
  ];
  if (options.provisioning) {
    statements.unshift(new PolicyStatement({ actions: TENANT_PROVISIONING_ACTIONS, resources: [arn] }));
  }
  return statements;
}

export function grantStatements(grantee: IGrantable, statements: PolicyStatement[]): void {
  for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
}
