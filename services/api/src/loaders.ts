// Request-scoped DataLoaders: nested fields (owners, actors, tenants) batch into
// one BatchGetItem per type per tick instead of one read per node.
import {
  type AiSystem,
  AiSystems,
  actionsOfRisks,
  type ChangeRecord,
  type CommitteeMeeting,
  type CommitteeMeetingDigest,
  CommitteeMeetingDigests,
  CommitteeMeetings,
  type Consultancy,
  type ControlPlaneRepository,
  type Membership,
  Methodologies,
  type Risk,
  type RiskControlLink,
  RiskControlLinks,
  type RiskMethodology,
  Risks,
  readApprovedScope,
  type ScopeStatement,
  type SoaFinding,
  type StatementOfApplicability,
  stopRequests,
  type Tenant,
  type TenantScope,
  type TenantStore,
  type TreatmentAction,
  type User,
} from '@aims/core';
import DataLoader from 'dataloader';

export interface Loaders {
  users: DataLoader<string, User | null>;
  tenants: DataLoader<string, Tenant | null>;
  consultancies: DataLoader<string, Consultancy | null>;
  /** The caller's own membership per tenant id. */
  myMemberships: DataLoader<string, Membership | null>;
}

export function createLoaders(controlPlane: ControlPlaneRepository, userId: string | null): Loaders {
  return {
    users: new DataLoader((ids) => controlPlane.getUsers(ids), { maxBatchSize: 100 }),
    tenants: new DataLoader((ids) => controlPlane.getTenants(ids), { maxBatchSize: 100 }),
    consultancies: new DataLoader((ids) => controlPlane.getConsultancies(ids), { maxBatchSize: 100 }),
    myMemberships: new DataLoader(
      (tenantIds) =>
        Promise.all(
          tenantIds.map((t) => (userId ? controlPlane.getMembership(userId, t) : Promise.resolve(null))),
        ),
      { batch: false },
    ),
  };
}

/** Loaders over one tenant's data, created with the tenant's access. */
export interface TenantLoaders {
  aiSystems: DataLoader<string, AiSystem | null>;
  risks: DataLoader<string, Risk | null>;
  /** Methodology versions: a page of risks shares one or two, read once each. */
  methodologies: DataLoader<number, RiskMethodology | null>;
  /** Each risk's treatment actions: a page of risks costs two BatchGets. */
  riskActions: DataLoader<string, TreatmentAction[]>;
  /** The newest change records of an entity at a known version, by key: one BatchGet per page. */
  recentChanges: DataLoader<RecentChangesKey, (ChangeRecord | null)[], string>;
  /** Committees' digests of their newest meetings: a page of committees costs one BatchGet. */
  committeeMeetingDigests: DataLoader<string, CommitteeMeetingDigest | null>;
  /** Meetings by id: the recent meetings of a page of committees in BatchGets of 100. */
  committeeMeetings: DataLoader<string, CommitteeMeeting | null>;
  /** Open AVOID risks, read once per request however many systems ask. */
  stopRequests(): Promise<Risk[]>;
  /** Live risks' reliance on controls, read once per request however many SoA entries ask. */
  controlReliance(): Promise<RiskControlLink[]>;
  /** The working SoA, read once per request (`read` is how). */
  workingSoa(read: () => Promise<StatementOfApplicability>): Promise<StatementOfApplicability>;
  /** The approved scope statement, read once per request however many AI systems ask `inScope`. */
  approvedScope(): Promise<ScopeStatement | null>;
  /** The SoA consistency findings, computed once per request however many aliases ask. */
  soaFindings(compute: () => Promise<SoaFinding[]>): Promise<SoaFinding[]>;
}

export interface RecentChangesKey {
  entityType: string;
  entityId: string;
  version: number;
  count: number;
}

export function createTenantLoaders(store: TenantStore, scope: TenantScope): TenantLoaders {
  let stops: Promise<Risk[]> | undefined;
  let reliance: Promise<RiskControlLink[]> | undefined;
  let soa: Promise<StatementOfApplicability> | undefined;
  let findings: Promise<SoaFinding[]> | undefined;
  let approvedScope: Promise<ScopeStatement | null> | undefined;
  return {
    aiSystems: new DataLoader(
      (ids) =>
        store.getMany(
          AiSystems,
          ids.map((id) => ({ id })),
        ),
      { maxBatchSize: 100 },
    ),
    risks: new DataLoader(
      (ids) =>
        store.getMany(
          Risks,
          ids.map((id) => ({ id })),
        ),
      { maxBatchSize: 100 },
    ),
    methodologies: new DataLoader((versions) =>
      store.getMany(
        Methodologies,
        versions.map((version) => ({ version })),
      ),
    ),
    riskActions: new DataLoader((riskIds) => actionsOfRisks(store, riskIds), { maxBatchSize: 100 }),
    recentChanges: new DataLoader(
      async (keys) => {
        const wanted = keys.map((k) =>
          Array.from({ length: Math.min(k.count, k.version) }, (_, i) => ({
            entityType: k.entityType,
            entityId: k.entityId,
            version: k.version - i,
          })),
        );
        const found = await store.changes(wanted.flat());
        let at = 0;
        return wanted.map((w) => {
          const slice = found.slice(at, at + w.length);
          at += w.length;
          return slice;
        });
      },
      { cacheKeyFn: (k) => `${k.entityType}|${k.entityId}|${k.version}|${k.count}` },
    ),
    committeeMeetingDigests: new DataLoader(
      (committeeIds) =>
        store.getMany(
          CommitteeMeetingDigests,
          committeeIds.map((committeeId) => ({ committeeId })),
        ),
      { maxBatchSize: 100 },
    ),
    committeeMeetings: new DataLoader(
      (ids) =>
        store.getMany(
          CommitteeMeetings,
          ids.map((id) => ({ id })),
        ),
      { maxBatchSize: 100 },
    ),
    stopRequests: () => {
      stops ??= stopRequests(scope, store);
      return stops;
    },
    approvedScope: () => {
      approvedScope ??= readApprovedScope(store);
      return approvedScope;
    },
    soaFindings: (compute) => {
      findings ??= compute();
      return findings;
    },
    workingSoa: (read) => {
      soa ??= read();
      return soa;
    },
    controlReliance: () => {
      reliance ??= store.collection(RiskControlLinks, ['LINK', 'RISK-CONTROL']);
      return reliance;
    },
  };
}
