// Control-plane keys, derived from the control-plane declarations in core
// (packages/core/src/tenancy/control-plane-model.ts): no tenant prefix.
import {
  Consultancies,
  ConsultancyStaff,
  EmailGuards,
  Invitations,
  Memberships,
  primaryKey,
  Tenants,
  Users,
} from '@aims/core';

export const controlKeys = {
  consultancy: (id: string) => primaryKey(Consultancies, null, { id }),
  consultancyMember: (userId: string, consultancyId: string) =>
    primaryKey(ConsultancyStaff, null, { userId, consultancyId }),
  tenant: (id: string) => primaryKey(Tenants, null, { id }),
  user: (id: string) => primaryKey(Users, null, { id }),
  email: (email: string) => primaryKey(EmailGuards, null, { email }),
  membership: (userId: string, tenantId: string) => primaryKey(Memberships, null, { userId, tenantId }),
  invitation: (tenantId: string, email: string) => primaryKey(Invitations, null, { tenantId, email }),
};
