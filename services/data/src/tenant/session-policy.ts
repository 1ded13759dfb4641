// The session policy that narrows the tenant-access role to one tenant for one
// request: its own table (managed tier), or only items whose partition key
// starts with its id in the pooled table (self-service tier). IAM intersects
// this with the role's own policy, so a bug in application code cannot reach
// another tenant's data with these credentials.
import type { Tenant } from '@aims/core';
import { POOLED_TENANT_INDEX } from '../tables';

export const TENANT_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export interface AwsLocation {
  partition?: string;
  region: string;
  account: string;
}

export interface SessionPolicy {
  Version: '2012-10-17';
  Statement: {
    Sid: string;
    Effect: 'Allow';
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string[]>>;
  }[];
}

export function tableArn(location: AwsLocation, table: string): string {
  return `arn:${location.partition ?? 'aws'}:dynamodb:${location.region}:${location.account}:table/${table}`;
}

export interface SessionPolicyOptions {
  /**
   * Also Scan the tenant's own table (managed tier only): background jobs that
   * read every item (data migrations). Never the pooled table, never an index.
   */
  scanOwnTable?: boolean;
}

export function tenantSessionPolicy(
  tenant: Pick<Tenant, 'id' | 'tier' | 'tableName'>,
  location: AwsLocation,
  options: SessionPolicyOptions = {},
): SessionPolicy {
  if (!/^[A-Za-z0-9-]+$/.test(tenant.id)) throw new Error('tenant id has characters unsafe for a policy');
  const arn = tableArn(location, tenant.tableName);
  const resources = [arn, `${arn}/index/*`];
  if (tenant.tier === 'MANAGED') {
    return {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'OwnTable', Effect: 'Allow', Action: [...TENANT_DATA_ACTIONS], Resource: resources },
        ...(options.scanOwnTable
          ? [{ Sid: 'OwnTableScan', Effect: 'Allow' as const, Action: ['dynamodb:Scan'], Resource: [arn] }]
          : []),
      ],
    };
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnLeadingKeys',
        Effect: 'Allow',
        Action: [...TENANT_DATA_ACTIONS],
        Resource: resources,
        // Every key in the pooled table starts with `T#<tenantId>#`: nothing else matches.
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`T#${tenant.id}#*`] } },
      },
      {
        // The TenantItems index is keyed by the bare tenant id (conversion lists a tenant's keys with it).
        Sid: 'OwnTenantItemsIndex',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: [`${arn}/index/${POOLED_TENANT_INDEX}`],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [tenant.id] } },
      },
    ],
  };
}
