// Risk register storage: the methodology versions, the risks themselves and the
// links from impact-assessment findings to the risks they raised.
import type {
  ChangeRecord,
  MethodologyRepository,
  Page,
  PageRequest,
  Risk,
  RiskFilter,
  RiskMethodology,
  RiskRepository,
} from '@aims/core';
import { queryPage, stripKeys } from '../dynamo';
import { tenantKeys } from '../keys';
import { readHistory } from './change-records';
import type { VersionedStore } from './versioned-store';

export class DynamoMethodologyRepository implements MethodologyRepository {
  constructor(private readonly store: VersionedStore) {}

  current(): Promise<RiskMethodology | null> {
    return this.store.latest<RiskMethodology>(`T#${this.store.tenantId}#RISKMETH`, 'V#');
  }

  getVersion(version: number): Promise<RiskMethodology | null> {
    return this.store.get<RiskMethodology>(tenantKeys.methodology(this.store.tenantId, version), false);
  }

  put(methodology: RiskMethodology, change: ChangeRecord): Promise<void> {
    const item = { ...tenantKeys.methodology(this.store.tenantId, methodology.version), ...methodology };
    return this.store.write('RiskMethodology', [this.store.createItem(item, 'RiskMethodology')], [change]);
  }
}

const currentBand = (r: Risk) => (r.residual ?? r.inherent).band;

export class DynamoRiskRepository implements RiskRepository {
  constructor(private readonly store: VersionedStore) {}

  get(id: string): Promise<Risk | null> {
    return this.store.get<Risk>(tenantKeys.risk(this.store.tenantId, id));
  }

  getMany(ids: readonly string[]): Promise<(Risk | null)[]> {
    return this.store.getMany<Risk>(ids.map((id) => tenantKeys.risk(this.store.tenantId, id)));
  }

  /** Register order: highest inherent score first. The band filter uses the current (residual, else inherent) band. */
  list(filter: RiskFilter, page: PageRequest): Promise<Page<Risk>> {
    const t = this.store.tenantId;
    const [index, pk] = filter.band
      ? (['GSI2', `T#${t}#RISK#BAND#${filter.band}`] as const)
      : filter.ownerId
        ? (['GSI3', `T#${t}#RISK#OWNER#${filter.ownerId}`] as const)
        : (['GSI1', `T#${t}#RISK`] as const);
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':pk': pk };
    if (filter.category) {
      conditions.push('category = :category');
      values[':category'] = filter.category;
    }
    if (filter.status) {
      conditions.push('#status = :status');
      values[':status'] = filter.status;
    }
    if (filter.aiSystemId) {
      conditions.push('contains(aiSystemIds, :system)');
      values[':system'] = filter.aiSystemId;
    }
    if (filter.band && filter.ownerId) {
      conditions.push('ownerId = :owner');
      values[':owner'] = filter.ownerId;
    }
    return queryPage(
      this.store.doc,
      {
        TableName: this.store.table,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(filter.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: values,
      },
      page,
      ['PK', 'SK', `${index}PK`, `${index}SK`],
      (item) => {
        // Defence in depth for the pooled table, as everywhere else.
        if (item.tenantId !== t) throw new Error('tenant mismatch in stored item');
        return stripKeys<Risk>(item);
      },
    );
  }

  all(): Promise<Risk[]> {
    return this.store.queryAll<Risk>('GSI1', `T#${this.store.tenantId}#RISK`);
  }

  create(risk: Risk, change: ChangeRecord): Promise<void> {
    const items = [this.store.createItem(this.toItem(risk), 'Risk')];
    if (risk.sourceFinding) {
      items.push(
        this.store.createItem(
          {
            ...tenantKeys.impactRiskLink(this.store.tenantId, risk.sourceFinding.assessmentId, risk.id),
            tenantId: this.store.tenantId,
            riskId: risk.id,
            dimension: risk.sourceFinding.dimension,
          },
          'ImpactRiskLink',
        ),
      );
    }
    return this.store.write(`Risk ${risk.id}`, items, [change]);
  }

  update(risk: Risk, expectedVersion: number, change: ChangeRecord): Promise<void> {
    return this.store.write(
      `Risk ${risk.id}`,
      [this.store.replaceItem(this.toItem(risk), 'Risk', expectedVersion)],
      [change],
    );
  }

  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>> {
    return readHistory(this.store.doc, this.store.table, this.store.tenantId, entityType, entityId, page);
  }

  private toItem(risk: Risk) {
    const t = this.store.tenantId;
    return {
      ...tenantKeys.risk(t, risk.id),
      ...tenantKeys.riskIndexes(t, {
        id: risk.id,
        score: risk.inherent.score,
        band: currentBand(risk),
        ownerId: risk.ownerId,
      }),
      ...risk,
    };
  }
}
