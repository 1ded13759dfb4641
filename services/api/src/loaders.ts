// Request-scoped DataLoaders: nested fields (owners, actors, tenants) batch into
// one BatchGetItem per type per tick instead of one read per node.
import type {
  AiSystem,
  Consultancy,
  ControlPlaneRepository,
  Membership,
  Risk,
  RiskMethodology,
  Tenant,
  TreatmentAction,
  User,
} from '@aims/core';
import type { TenantRepositories } from '@aims/data';
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
  /** The whole register, read once per request however many SoA entries ask. */
  allRisks(): Promise<Risk[]>;
  /** The whole treatment plan, read once per request however many risks ask. */
  allActions(): Promise<TreatmentAction[]>;
}

export function createTenantLoaders(repos: TenantRepositories): TenantLoaders {
  let all: Promise<Risk[]> | undefined;
  let actions: Promise<TreatmentAction[]> | undefined;
  return {
    aiSystems: new DataLoader((ids) => repos.aiSystems.getMany(ids), { maxBatchSize: 100 }),
    risks: new DataLoader((ids) => repos.risks.getMany(ids), { maxBatchSize: 100 }),
    methodologies: new DataLoader((versions) =>
      Promise.all(versions.map((v) => repos.methodologies.getVersion(v))),
    ),
    allRisks: () => {
      all ??= repos.risks.all();
      return all;
    },
    allActions: () => {
      actions ??= repos.actions.all();
      return actions;
    },
  };
}
