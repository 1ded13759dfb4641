// Storage for impact assessments, the SoA and the treatment plan.
import type {
  ApprovedSoa,
  ChangeRecord,
  ImpactAssessment,
  ImpactAssessmentRepository,
  Page,
  PageRequest,
  SoaRepository,
  StatementOfApplicability,
  TreatmentAction,
  TreatmentActionRepository,
} from '@aims/core';
import { queryPage, stripKeys } from '../dynamo';
import { tenantKeys } from '../keys';
import type { VersionedStore } from './versioned-store';

export class DynamoImpactAssessmentRepository implements ImpactAssessmentRepository {
  constructor(private readonly store: VersionedStore) {}

  get(id: string): Promise<ImpactAssessment | null> {
    return this.store.get<ImpactAssessment>(tenantKeys.impactAssessment(this.store.tenantId, id));
  }

  listForSystem(aiSystemId: string, page: PageRequest): Promise<Page<ImpactAssessment>> {
    return queryPage(
      this.store.doc,
      {
        TableName: this.store.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `T#${this.store.tenantId}#IA#SYS#${aiSystemId}` },
        ScanIndexForward: false,
      },
      page,
      ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      stripKeys<ImpactAssessment>,
    );
  }

  latestForSystem(aiSystemId: string): Promise<ImpactAssessment | null> {
    return this.store.latest<ImpactAssessment>(
      `T#${this.store.tenantId}#IA#SYS#${aiSystemId}`,
      'REV#',
      'GSI1',
    );
  }

  create(assessment: ImpactAssessment, change: ChangeRecord): Promise<void> {
    const t = this.store.tenantId;
    return this.store.write(
      'ImpactAssessment',
      [
        this.store.createItem(this.toItem(assessment), 'ImpactAssessment'),
        this.store.createItem(
          {
            ...tenantKeys.impactRevisionGuard(t, assessment.aiSystemId, assessment.revision),
            tenantId: t,
            assessmentId: assessment.id,
          },
          'ImpactRevisionGuard',
        ),
      ],
      [change],
    );
  }

  update(
    changes: { next: ImpactAssessment; expectedVersion: number; change: ChangeRecord }[],
  ): Promise<void> {
    return this.store.write(
      'ImpactAssessment',
      changes.map((c) => this.store.replaceItem(this.toItem(c.next), 'ImpactAssessment', c.expectedVersion)),
      changes.map((c) => c.change),
    );
  }

  async linkedRiskIds(assessmentId: string): Promise<string[]> {
    const links = await this.store.queryAll<{ riskId: string }>(
      null,
      tenantKeys.impactAssessment(this.store.tenantId, assessmentId).PK,
      'RISK#',
    );
    return links.map((l) => l.riskId);
  }

  private toItem(a: ImpactAssessment) {
    const t = this.store.tenantId;
    return {
      ...tenantKeys.impactAssessment(t, a.id),
      ...tenantKeys.impactAssessmentIndex(t, a.aiSystemId, a.revision),
      ...a,
    };
  }
}

export class DynamoSoaRepository implements SoaRepository {
  constructor(private readonly store: VersionedStore) {}

  get(): Promise<StatementOfApplicability | null> {
    return this.store.get<StatementOfApplicability>(tenantKeys.soaWorking(this.store.tenantId));
  }

  save(soa: StatementOfApplicability, expectedVersion: number, change: ChangeRecord): Promise<void> {
    const item = { ...tenantKeys.soaWorking(this.store.tenantId), ...soa };
    const put =
      expectedVersion === 0
        ? this.store.createItem(item, 'StatementOfApplicability')
        : this.store.replaceItem(item, 'StatementOfApplicability', expectedVersion);
    return this.store.write('The SoA', [put], [change]);
  }

  approve(
    approved: ApprovedSoa,
    working: StatementOfApplicability,
    expectedVersion: number,
    change: ChangeRecord,
  ) {
    const t = this.store.tenantId;
    const workingItem = { ...tenantKeys.soaWorking(t), ...working };
    return this.store.write(
      'The SoA',
      [
        this.store.createItem({ ...tenantKeys.soaApproved(t, approved.number), ...approved }, 'ApprovedSoa'),
        expectedVersion === 0
          ? this.store.createItem(workingItem, 'StatementOfApplicability')
          : this.store.replaceItem(workingItem, 'StatementOfApplicability', expectedVersion),
      ],
      [change],
    );
  }

  getApproved(n: number): Promise<ApprovedSoa | null> {
    return this.store.get<ApprovedSoa>(tenantKeys.soaApproved(this.store.tenantId, n), false);
  }

  latestApproved(): Promise<ApprovedSoa | null> {
    return this.store.latest<ApprovedSoa>(tenantKeys.soaWorking(this.store.tenantId).PK, 'V#');
  }
}

export class DynamoTreatmentActionRepository implements TreatmentActionRepository {
  constructor(private readonly store: VersionedStore) {}

  get(id: string): Promise<TreatmentAction | null> {
    return this.store.get<TreatmentAction>(tenantKeys.action(this.store.tenantId, id));
  }

  all(): Promise<TreatmentAction[]> {
    return this.store.queryAll<TreatmentAction>('GSI1', `T#${this.store.tenantId}#ACTION`);
  }

  create(action: TreatmentAction, change: ChangeRecord): Promise<void> {
    return this.store.write(
      `TreatmentAction ${action.id}`,
      [this.store.createItem(this.toItem(action), 'TreatmentAction')],
      [change],
    );
  }

  update(action: TreatmentAction, expectedVersion: number, change: ChangeRecord): Promise<void> {
    return this.store.write(
      `TreatmentAction ${action.id}`,
      [this.store.replaceItem(this.toItem(action), 'TreatmentAction', expectedVersion)],
      [change],
    );
  }

  private toItem(a: TreatmentAction) {
    const t = this.store.tenantId;
    return { ...tenantKeys.action(t, a.id), ...tenantKeys.actionIndex(t, a), ...a };
  }
}
