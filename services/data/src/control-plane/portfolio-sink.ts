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
  toStoredItem,
} from '@aims/core';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, queryPage } from '../dynamo';

const GLOBAL = null;
const INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'];

export class DynamoPortfolioSink implements PortfolioStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  recordReadiness(tenant: Tenant, readiness: ClientReadiness): Promise<void> {
    return this.update(tenant, 'readiness', readiness, 'takenAt', readiness.takenAt);
  }

  recordOverdue(tenant: Tenant, overdue: ClientOverdue): Promise<void> {
    return this.update(tenant, 'overdue', overdue, 'day', overdue.day);
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
   * Sets `field` and the row's identity and index keys; the other writer's field
   * is only created (as null) when the row is new. The risk key is derived from
   * readiness, so an overdue write keeps the stored one (or the unassessed key).
   */
  private async update(
    tenant: Tenant,
    field: 'readiness' | 'overdue',
    value: ClientReadiness | ClientOverdue,
    stamp: 'takenAt' | 'day',
    at: string,
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    const base = initialClientStatus(tenant, now);
    const stored = toStoredItem(ClientStatuses, GLOBAL, { ...base, [field]: value });
    const other = field === 'readiness' ? 'overdue' : 'readiness';
    const names: Record<string, string> = { '#f': field, '#o': other, '#stamp': stamp };
    const values: Record<string, unknown> = { ':at': at, ':null': null };
    const sets: string[] = ['#f = :f', '#o = if_not_exists(#o, :null)'];
    values[':f'] = value;
    const skip = new Set(['PK', 'SK', field, other]);
    for (const [name, v] of Object.entries(stored)) {
      if (skip.has(name)) continue;
      const keep = field === 'overdue' && name === 'GSI1SK';
      names[`#${name}`] = name;
      values[`:${name}`] = v;
      sets.push(keep ? `#${name} = if_not_exists(#${name}, :${name})` : `#${name} = :${name}`);
    }
    // A tenant without a consultancy has no index keys: none may linger.
    const removes = INDEX_ATTRIBUTES.filter((a) => stored[a] === undefined);
    for (const a of removes) names[`#${a}`] = a;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: primaryKey(ClientStatuses, GLOBAL, { tenantId: tenant.id }),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.map((a) => `#${a}`).join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(#f.#stamp) OR #f.#stamp <= :at',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // An older report than the one recorded: the newer one stands.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }
}
