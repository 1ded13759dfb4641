import {
  type AiSystem,
  type AiSystemFilter,
  type AiSystemRepository,
  type ChangeRecord,
  ConflictError,
  type Page,
  type PageRequest,
} from '@aims/core';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item, queryPage, stripKeys, transactWrite } from '../dynamo';
import { tenantKeys } from '../keys';
import { changePut, readHistory } from './change-records';

/** One tenant's AI systems in one table (its own or the pooled one). */
export class DynamoAiSystemRepository implements AiSystemRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly tenantId: string,
  ) {}

  async get(id: string): Promise<AiSystem | null> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: tenantKeys.aiSystem(this.tenantId, id),
        ConsistentRead: true,
      }),
    );
    return out.Item ? this.fromItem(out.Item) : null;
  }

  async getMany(ids: readonly string[]): Promise<(AiSystem | null)[]> {
    const items = await batchGet(
      this.doc,
      this.table,
      ids.map((id) => tenantKeys.aiSystem(this.tenantId, id)),
    );
    return items.map((i) => (i ? this.fromItem(i) : null));
  }

  async list(filter: AiSystemFilter, page: PageRequest): Promise<Page<AiSystem>> {
    const t = this.tenantId;
    // Pick the most selective index; a second filter is applied on top of it.
    const [index, pk] = filter.lifecycleStage
      ? (['GSI2', `T#${t}#AISYS#STAGE#${filter.lifecycleStage}`] as const)
      : filter.provenance
        ? (['GSI3', `T#${t}#AISYS#PROV#${filter.provenance}`] as const)
        : (['GSI1', `T#${t}#AISYS`] as const);
    const both = filter.lifecycleStage && filter.provenance;
    return queryPage(
      this.doc,
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ...(both ? { FilterExpression: 'provenance = :prov' } : {}),
        ExpressionAttributeValues: { ':pk': pk, ...(both ? { ':prov': filter.provenance } : {}) },
      },
      page,
      ['PK', 'SK', `${index}PK`, `${index}SK`],
      (item) => this.fromItem(item),
    );
  }

  async create(system: AiSystem, change: ChangeRecord): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: this.toItem(system),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          changePut(this.table, change),
        ],
      },
      {
        0: (cause) => new ConflictError(`AiSystem ${system.id} already exists`, 'ALREADY_EXISTS', { cause }),
      },
    );
  }

  async update(system: AiSystem, expectedVersion: number, change: ChangeRecord): Promise<void> {
    await transactWrite(
      this.doc,
      {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: this.toItem(system),
              ConditionExpression: 'attribute_exists(PK) AND version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          changePut(this.table, change),
        ],
      },
      {
        0: (cause) =>
          new ConflictError(
            `AiSystem ${system.id} changed since version ${expectedVersion}; reload and retry`,
            'VERSION_MISMATCH',
            {
              cause,
            },
          ),
        1: (cause) =>
          new ConflictError(`AiSystem ${system.id} changed concurrently`, 'VERSION_MISMATCH', { cause }),
      },
    );
  }

  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>> {
    return readHistory(this.doc, this.table, this.tenantId, entityType, entityId, page);
  }

  private toItem(system: AiSystem): Item {
    if (system.tenantId !== this.tenantId) throw new Error('AiSystem belongs to another tenant');
    return {
      ...tenantKeys.aiSystem(this.tenantId, system.id),
      ...tenantKeys.aiSystemIndexes(this.tenantId, system),
      entity: 'AiSystem',
      ...system,
    };
  }

  private fromItem(item: Item): AiSystem {
    // Defence in depth for the pooled table: never hand out another tenant's item.
    if (item.tenantId !== this.tenantId) throw new Error('tenant mismatch in stored item');
    return stripKeys<AiSystem>(item);
  }
}
