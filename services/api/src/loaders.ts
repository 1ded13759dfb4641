// Request-scoped DataLoaders: nested fields (owners, actors, tenants) batch into
// one BatchGetItem per type per tick instead of one read per node.
import type { Consultancy, ControlPlaneRepository, Membership, Tenant, User } from '@aims/core';
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
