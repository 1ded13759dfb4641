// DynamoDB permissions, in one place. Tables are addressed by name (their names
// are fixed per stage), so grants need no cross-stack references. Indexes are
// named one by one rather than `index/*`. Transactions have no IAM action of
// their own: TransactWriteItems/TransactGetItems are authorised per item with
// the actions below. Scan is absent from them: no request path may scan; the one
// exception is TENANT_SCAN_ACTIONS on a managed tenant's own table, for jobs.
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

/**
 * The data-migrations job reads every item of a managed tenant's own table with a
 * parallel Scan (a background job, never a request). Only on that table, only
 * through the tenant-access role with a session that asks for it; never on the
 * pooled table (its tenants are listed from the TenantItems index) or an index.
 */
export const TENANT_SCAN_ACTIONS = ['dynamodb:Scan'];

/** What tenant onboarding needs to create a managed tenant's table (see services/data provisioner). */
export const TENANT_PROVISIONING_ACTIONS = [
  'dynamodb:CreateTable',
  'dynamodb:DescribeTable',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:UpdateTimeToLive',
  'dynamodb:TagResource',
];

/**
 * The job worker's control-plane items: idempotency records (claim by conditional Put,
 * read, finish by Update), the tenant lookup, and the portfolio summary it writes (§3.16).
 */
export const JOB_RUN_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** GSI counts, as in services/data/src/tables.ts (an infra test compares them). */
export const CONTROL_PLANE_INDEXES = 2;
export const TENANT_TABLE_INDEXES = 6;
/**
 * The pooled table's keys-only index of every item by its bare `tenantId`
 * (sort: PK), as in services/data/src/tables.ts: conversion to a managed tenant
 * lists a tenant's items with it instead of a Scan (an infra test compares them).
 */
export const POOLED_TENANT_INDEX = 'TenantItems';
/** The TTL attribute of tenant tables, as in services/data/src/tables.ts (an infra test compares them). */
export const TENANT_TTL_ATTRIBUTE = 'expiresAt';

/**
 * The session tag the tenant-access role is assumed with (ScopedClientProvider
 * passes `tenant-id`). The role's own policy is written against it, so even a
 * session without a session policy reaches one tenant only.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template.
export const TENANT_TAG = '${aws:PrincipalTag/tenant-id}';

/** ARN of a table (or a name pattern such as `prefix*`) in the stack of `scope`. */
export function tableArn(scope: IConstruct, tableName: string): string {
  return Stack.of(scope).formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: tableName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** `…/index/GSI1` … `…/index/GSI<count>`. */
export function indexArns(scope: IConstruct, tableName: string, count: number): string[] {
  const arn = tableArn(scope, tableName);
  return Array.from({ length: count }, (_, i) => `${arn}/index/GSI${i + 1}`);
}

/** Item read/write on one table and Query on its indexes. */
export function tableItemStatements(
  scope: IConstruct,
  tableName: string,
  indexCount: number,
): PolicyStatement[] {
  return [
    new PolicyStatement({ actions: ITEM_ACTIONS, resources: [tableArn(scope, tableName)] }),
    new PolicyStatement({ actions: INDEX_ACTIONS, resources: indexArns(scope, tableName, indexCount) }),
  ];
}

/**
 * What the tenant-access role may do: one tenant's managed table, or that
 * tenant's leading keys in the pooled table, the tenant being the session's
 * `tenant-id` tag. Per-request session policies narrow it again to the tenant
 * the request was authorised for.
 */
export function tenantDataStatements(
  scope: IConstruct,
  names: { tenantTablePrefix: string; pooledTable: string },
): PolicyStatement[] {
  const ownTable = `${names.tenantTablePrefix}${TENANT_TAG}`;
  // Every key in the pooled table (and its indexes) starts with `T#<tenantId>#`.
  const ownLeadingKeys = {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`T#${TENANT_TAG}#*`] },
  };
  return [
    new PolicyStatement({ sid: 'OwnTable', actions: ITEM_ACTIONS, resources: [tableArn(scope, ownTable)] }),
    new PolicyStatement({
      sid: 'OwnTableScan',
      actions: TENANT_SCAN_ACTIONS,
      resources: [tableArn(scope, ownTable)],
    }),
    new PolicyStatement({
      sid: 'OwnTableIndexes',
      actions: INDEX_ACTIONS,
      resources: indexArns(scope, ownTable, TENANT_TABLE_INDEXES),
    }),
    new PolicyStatement({
      sid: 'OwnPooledItems',
      actions: ITEM_ACTIONS,
      resources: [tableArn(scope, names.pooledTable)],
      conditions: ownLeadingKeys,
    }),
    new PolicyStatement({
      sid: 'OwnPooledIndexItems',
      actions: INDEX_ACTIONS,
      resources: indexArns(scope, names.pooledTable, TENANT_TABLE_INDEXES),
      conditions: ownLeadingKeys,
    }),
    // The TenantItems index is keyed by the bare tenant id: the session's own partition only.
    new PolicyStatement({
      sid: 'OwnPooledTenantItems',
      actions: INDEX_ACTIONS,
      resources: [`${tableArn(scope, names.pooledTable)}/index/${POOLED_TENANT_INDEX}`],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [TENANT_TAG] } },
    }),
  ];
}

export function grantStatements(grantee: IGrantable, statements: PolicyStatement[]): void {
  for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
}
