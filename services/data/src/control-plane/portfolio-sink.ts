// The portfolio rows in the control plane (§3.16). Two writers share a row —
// snapshots (readiness) and the reminders run (overdue counts) — so each one is
// an UpdateItem that sets only its own field plus the row's identity, never a
// whole-item Put; a condition on takenAt / day drops an older report that
// arrives after a newer one. The risk sort key moves with the readiness.
import {
  type ClientOverdue,
  type ClientReadiness,
  type ClientStatus,
  ClientStatuses,
  type Clock,
  initialClientStatus,
  joinKey,
  type Page,
  type PageRequest,
  type PortfolioOrder,
  type PortfolioStore,
  positionOf,
  primaryKey,
  type Tenant,
} from '@aims/core';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, queryPage } from '../dynamo';

const GLOBAL = null;

export class DynamoPortfolioSink implements PortfolioStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  recordReadiness(tenant: Tenant, readiness: ClientReadiness): Promise<void> {
    return this.recordField(tenant, 'readiness', readiness, 'takenAt', readiness.takenAt);
  }

  recordOverdue(tenant: Tenant, overdue: ClientOverdue): Promise<void> {
    return this.recordField(tenant, 'overdue', overdue, 'day', overdue.day);
  }

  listClientStatuses(
    consultancyId: string,
    orderBy: PortfolioOrder,
    page: PageRequest,
  ): Promise<Page<ClientStatus>> {
    const pattern = orderBy === 'RISK' ? ClientStatuses.patterns.byRisk : ClientStatuses.patterns.byName;
    const index = pattern.index;
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': joinKey(GLOBAL, pattern.partition({ consultancyId })) },
      },
      page,
      Object.keys(positionOf({ PK: '', SK: '', [`${index}PK`]: '', [`${index}SK`]: '' }, index)),
      (item: Item) => ClientStatuses.schema.parse(item) as ClientStatus,
    );
  }

  /**
   * Refreshes the row's identity from the tenant (name, consultancy) and leaves
   * both writers' fields alone: a tenant that gains a consultancy (conversion to
   * managed) joins its portfolio without waiting for its next snapshot.
   */
  async recordTenant(tenant: Tenant): Promise<void> {
    await this.update(tenant, null);
  }

  private recordField(
    tenant: Tenant,
    field: 'readiness' | 'overdue',
    value: ClientReadiness | ClientOverdue,
    stamp: 'takenAt' | 'day',
    at: string,
  ): Promise<void> {
    return this.update(tenant, { field, value, stamp, at });
  }

  /**
   * One UpdateItem: the row's identity and index keys, plus `own` when given;
   * the writers' fields are otherwise only created (as null) on a new row. The
   * risk key is derived from readiness, so only the readiness writer sets it;
   * others keep the stored one (or the never-assessed key on a new row). Sort
   * keys stay even without a consultancy: only the partition keys place a row
   * in an index, so a row leaves (or joins) a portfolio whole.
   */
  private async update(
    tenant: Tenant,
    own: { field: 'readiness' | 'overdue'; value: unknown; stamp: string; at: string } | null,
  ): Promise<void> {
    const status: ClientStatus = {
      ...initialClientStatus(tenant, this.clock.now().toISOString()),
      ...(own ? { [own.field]: own.value } : {}),
    };
    const { byRisk, byName } = ClientStatuses.patterns;
    const attributes: Record<string, unknown> = {
      entity: ClientStatuses.name,
      schemaVersion: ClientStatuses.schemaVersion,
      tenantId: status.tenantId,
      consultancyId: status.consultancyId,
      tenantName: status.tenantName,
      updatedAt: status.updatedAt,
      GSI2SK: byName.sort(status),
    };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':null': null };
    const sets: string[] = [];
    const set = (name: string, value: unknown, keepStored = false) => {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(keepStored ? `#${name} = if_not_exists(#${name}, :${name})` : `#${name} = :${name}`);
    };
    for (const [name, v] of Object.entries(attributes)) set(name, v);
    set('GSI1SK', byRisk.sort(status), own?.field !== 'readiness');
    for (const field of ['readiness', 'overdue'] as const) {
      if (own?.field === field) set(field, own.value);
      else {
        names[`#${field}`] = field;
        sets.push(`#${field} = if_not_exists(#${field}, :null)`);
      }
    }
    const removes: string[] = [];
    const params = byRisk.params(status);
    if (params) {
      set('GSI1PK', joinKey(GLOBAL, byRisk.partition(params)));
      set('GSI2PK', joinKey(GLOBAL, byName.partition(params)));
    } else {
      // A tenant without a consultancy is in no portfolio.
      for (const a of ['GSI1PK', 'GSI2PK']) {
        names[`#${a}`] = a;
        removes.push(`#${a}`);
      }
    }
    if (own) {
      names['#stamp'] = own.stamp;
      values[':at'] = own.at;
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: primaryKey(ClientStatuses, GLOBAL, { tenantId: tenant.id }),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ...(own
            ? {
                ConditionExpression: `attribute_not_exists(#${own.field}.#stamp) OR #${own.field}.#stamp <= :at`,
              }
            : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // An older report than the one recorded: the newer one stands.
      if (own && error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }
}
