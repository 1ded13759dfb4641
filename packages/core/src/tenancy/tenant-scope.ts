import type { Role } from './roles';

/** What every tenant-bound use case runs under: one verified tenant, one actor, their role there. */
export interface TenantScope {
  tenantId: string;
  actorId: string;
  role: Role;
}
