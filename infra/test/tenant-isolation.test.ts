// Tenant isolation in IAM: only the tenant-access role reaches tenant data, only
// the API and worker roles may assume it, and what it allows lines up with the
// session policies services/data generates per tenant.
import { controlPlaneTable, ScopedClientProvider, tenantSessionPolicy, tenantTable } from '@aims/data';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_PLANE_INDEXES,
  ITEM_ACTIONS,
  TENANT_PROVISIONING_ACTIONS,
  TENANT_SCAN_ACTIONS,
  TENANT_TABLE_INDEXES,
  TENANT_TAG,
} from '../lib/data-access';
import {
  actionsOf,
  buildTestApp,
  dynamoArn,
  logicalId,
  resourcesOf,
  roleStatements,
  type Statement,
} from './support';

const { services } = buildTestApp();
const template = Template.fromStack(services);
const tenantRoleId = logicalId(services, services.tenantAccess.role);
const apiRoleId = logicalId(services, services.api.handler.role);
const workerRoleId = logicalId(services, services.jobs.worker.role);
const tenantRole = template.findResources('AWS::IAM::Role')[tenantRoleId];
const tag = TENANT_TAG;
const leadingKeys = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`T#${tag}#*`] } };
const indexes = (table: string) => [1, 2, 3, 4, 5, 6].map((n) => dynamoArn(`${table}/index/GSI${n}`));

describe('tenant-access role', () => {
  it('reaches one tenant’s table, or its leading keys in the pooled table, named by the session tag', () => {
    expect(roleStatements(template, tenantRoleId)).toEqual([
      {
        Sid: 'OwnTable',
        Effect: 'Allow',
        Action: ITEM_ACTIONS,
        Resource: dynamoArn(`aims-dev-tenant-${tag}`),
      },
      {
        Sid: 'OwnTableScan',
        Effect: 'Allow',
        Action: 'dynamodb:Scan',
        Resource: dynamoArn(`aims-dev-tenant-${tag}`),
      },
      {
        Sid: 'OwnTableIndexes',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: indexes(`aims-dev-tenant-${tag}`),
      },
      {
        Sid: 'OwnPooledItems',
        Effect: 'Allow',
        Action: ITEM_ACTIONS,
        Resource: dynamoArn('aims-dev-pooled'),
        Condition: leadingKeys,
      },
      {
        Sid: 'OwnPooledIndexItems',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: indexes('aims-dev-pooled'),
        Condition: leadingKeys,
      },
      {
        Sid: 'OwnPooledTenantItems',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: dynamoArn('aims-dev-pooled/index/TenantItems'),
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [tag] } },
      },
    ]);
    expect(ITEM_ACTIONS).not.toContain('dynamodb:Scan');
    expect(tenantRole?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('can be assumed, with session tags, by the API and worker function roles and nobody else', () => {
    const trust = tenantRole?.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    for (const s of trust) {
      expect(s.Effect).toBe('Allow');
      expect(actionsOf(s)).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(Object.keys(s.Principal ?? {})).toEqual(['AWS']);
      expect(s.Condition).toBeUndefined();
    }
    const principals = trust.flatMap((s) => [s.Principal?.AWS].flat());
    expect(principals).toEqual([
      { 'Fn::GetAtt': [apiRoleId, 'Arn'] },
      { 'Fn::GetAtt': [workerRoleId, 'Arn'] },
    ]);
  });

  it('is the only role with item access to tenant tables or the pooled table', () => {
    const tenantData = (s: Statement) =>
      JSON.stringify(s.Resource).includes('aims-dev-pooled') ||
      JSON.stringify(s.Resource).includes('aims-dev-tenant-');
    for (const roleId of Object.keys(template.findResources('AWS::IAM::Role'))) {
      const touching = roleStatements(template, roleId).filter(tenantData);
      if (roleId === tenantRoleId) continue;
      if (roleId === apiRoleId) {
        // Provisioning only: the API creates managed tenants' tables, never reads their items.
        expect(touching.map((s) => ({ Action: actionsOf(s), Resource: s.Resource }))).toEqual([
          { Action: TENANT_PROVISIONING_ACTIONS, Resource: dynamoArn('aims-dev-tenant-*') },
        ]);
        expect(TENANT_PROVISIONING_ACTIONS.filter((a) => ITEM_ACTIONS.includes(a))).toEqual([]);
        continue;
      }
      expect(touching, roleId).toEqual([]);
    }
  });

  it('is handed to the API and worker functions, and to no other', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const holders = Object.entries(functions)
      .filter(([, f]) => f.Properties.Environment?.Variables?.TENANT_ACCESS_ROLE_ARN)
      .map(([id]) => id)
      .sort();
    expect(holders).toEqual(
      [
        logicalId(services, services.api.handler.function),
        logicalId(services, services.jobs.worker.function),
      ].sort(),
    );
  });
});

describe('session policies from services/data against the role', () => {
  const account = '123456789012';
  const prod = buildTestApp({ stage: 'prod', account });
  const prodTemplate = Template.fromStack(prod.services);
  const statements = roleStatements(prodTemplate, logicalId(prod.services, prod.services.tenantAccess.role));
  const bySid = (sid: string) => statements.find((s) => s.Sid === sid) as Statement;
  /** The role's resources as the ARNs IAM sees for a session tagged with this tenant. */
  const forTenant = (s: Statement, tenantId: string) =>
    resourcesOf(s).map((r) => flatten(r).replaceAll(tag, tenantId));
  const location = { region: 'eu-west-1', account };
  const base = { name: 'Acme', status: 'ACTIVE', consultancyId: null, createdAt: '', version: 1 } as const;

  it('a managed tenant’s session asks for exactly what the role gives that tenant', () => {
    const tenant = { ...base, id: 't-1', tier: 'MANAGED', tableName: 'aims-prod-tenant-t-1' } as const;
    const [session] = tenantSessionPolicy(tenant, location).Statement;
    expect(session?.Action.sort()).toEqual([...ITEM_ACTIONS].sort());
    expect(session?.Resource[0]).toBe(forTenant(bySid('OwnTable'), tenant.id)[0]);
    // The session's `index/*` meets the role's GSI1..GSI6 of the same table.
    for (const arn of forTenant(bySid('OwnTableIndexes'), tenant.id)) {
      expect(arn.startsWith(session?.Resource[1]?.replace('*', '') ?? '?')).toBe(true);
    }
  });

  it('§3.14 a data-migrations session of a managed tenant asks for Scan on exactly the table the role gives it', () => {
    const tenant = { ...base, id: 't-1', tier: 'MANAGED', tableName: 'aims-prod-tenant-t-1' } as const;
    const scan = tenantSessionPolicy(tenant, location, { scanOwnTable: true }).Statement.find(
      (s) => s.Sid === 'OwnTableScan',
    );
    expect(scan?.Action).toEqual(TENANT_SCAN_ACTIONS);
    expect(scan?.Resource).toEqual(forTenant(bySid('OwnTableScan'), tenant.id));
    // The pooled table's statements never carry Scan, whatever the session asks.
    const pooledActions = ['OwnPooledItems', 'OwnPooledIndexItems', 'OwnPooledTenantItems'].flatMap((sid) =>
      actionsOf(bySid(sid)),
    );
    expect(pooledActions).not.toContain('dynamodb:Scan');
  });

  it('a self-service tenant’s session asks for the same leading keys in the pooled table', () => {
    const tenant = { ...base, id: 'p-9', tier: 'SELF_SERVICE', tableName: 'aims-prod-pooled' } as const;
    const [session] = tenantSessionPolicy(tenant, location).Statement;
    const items = bySid('OwnPooledItems');
    expect(session?.Resource[0]).toBe(forTenant(items, tenant.id)[0]);
    const rolePattern = JSON.stringify(items.Condition).replaceAll(tag, tenant.id);
    expect(JSON.stringify(session?.Condition)).toBe(rolePattern);
    // SPEC-1 conversion: the TenantItems index, the tenant's own bare-id partition on both sides.
    const own = tenantSessionPolicy(tenant, location).Statement[1];
    const role = bySid('OwnPooledTenantItems');
    expect(own?.Resource).toEqual(forTenant(role, tenant.id));
    expect(JSON.stringify(own?.Condition)).toBe(JSON.stringify(role.Condition).replaceAll(tag, tenant.id));
  });

  it('the role is written against the session tag the client provider sets', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'a', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() },
    });
    const provider = new ScopedClientProvider({
      sts: new STSClient({ region: 'eu-west-1' }),
      tenantAccessRoleArn: `arn:aws:iam::${account}:role/tenant-access`,
      location,
    });
    await provider.clientFor({
      ...base,
      id: 't-1',
      tier: 'MANAGED',
      tableName: 'aims-prod-tenant-t-1',
    } as Parameters<ScopedClientProvider['clientFor']>[0]);
    const [call] = sts.commandCalls(AssumeRoleCommand);
    const tags = call?.args[0].input.Tags ?? [];
    expect(tags).toEqual([{ Key: 'tenant-id', Value: 't-1' }]);
    expect(TENANT_TAG).toBe(`\${aws:PrincipalTag/${tags[0]?.Key}}`);
    sts.restore();
  });

  it('names the same number of indexes as the tables services/data creates', () => {
    expect(tenantTable('x').GlobalSecondaryIndexes).toHaveLength(TENANT_TABLE_INDEXES);
    expect(controlPlaneTable('x').GlobalSecondaryIndexes).toHaveLength(CONTROL_PLANE_INDEXES);
  });
});

/** A rendered ARN as a string, with the partition as `aws`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  const join = v['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(flatten).join(join[0]);
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}
