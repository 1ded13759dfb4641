// Reads of the tenancy model: who the caller is, where they can act, who else is there.
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Clock } from '../shared/ports';
import type {
  Actor,
  ConsultancyMembership,
  ControlPlaneRepository,
  Invitation,
  Membership,
  Tenant,
  User,
} from './model';
import { assertCan, assertConsultancyCan } from './roles';
import type { TenantScope } from './tenant-scope';

export interface TenancyReadDeps {
  controlPlane: ControlPlaneRepository;
  cursors: CursorCodec;
  clock: Clock;
}

const MAX_ME_MEMBERSHIPS = 100;

export async function getMe(
  actor: Actor,
  deps: TenancyReadDeps,
): Promise<{ user: User; memberships: Membership[]; consultancies: ConsultancyMembership[] }> {
  const user = await deps.controlPlane.ensureUser({
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    createdAt: deps.clock.now().toISOString(),
  });
  const [memberships, consultancies] = await Promise.all([
    deps.controlPlane.listMembershipsOfUser(actor.userId, { limit: MAX_ME_MEMBERSHIPS }),
    deps.controlPlane.listConsultancyMembershipsOfUser(actor.userId),
  ]);
  return { user, memberships: memberships.entries.map((e) => e.item), consultancies };
}

/** Memberships of the caller; the cursor is bound to the caller rather than a tenant. */
export async function listMyMemberships(
  actor: Actor,
  args: ConnectionArgs,
  deps: TenancyReadDeps,
): Promise<Connection<Membership>> {
  return pagedConnection(`user:${actor.userId}`, 'myTenants', args, deps.cursors, (page) =>
    deps.controlPlane.listMembershipsOfUser(actor.userId, page),
  );
}

export async function listConsultancyClients(
  actor: Actor,
  consultancyId: string,
  args: ConnectionArgs,
  deps: TenancyReadDeps,
): Promise<Connection<Tenant>> {
  const staff = await deps.controlPlane.getConsultancyMembership(actor.userId, consultancyId);
  assertConsultancyCan(staff?.role, 'consultancy.listClients');
  return pagedConnection(`consultancy:${consultancyId}`, 'clients', args, deps.cursors, (page) =>
    deps.controlPlane.listTenantsOfConsultancy(consultancyId, page),
  );
}

export async function listMembers(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: TenancyReadDeps,
): Promise<Connection<Membership>> {
  assertCan(scope.role, 'member.list');
  return pagedConnection(scope.tenantId, 'members', args, deps.cursors, (page) =>
    deps.controlPlane.listMembersOfTenant(scope.tenantId, page),
  );
}

export async function listInvitations(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: TenancyReadDeps,
): Promise<Connection<Invitation>> {
  assertCan(scope.role, 'member.invite');
  const now = deps.clock.now().toISOString();
  return pagedConnection(scope.tenantId, 'invitations', args, deps.cursors, async (request) => {
    const page = await deps.controlPlane.listInvitations(scope.tenantId, request);
    // Expired invitations linger until DynamoDB's TTL sweeps them; hide them meanwhile.
    return { ...page, entries: page.entries.filter((e) => e.item.expiresAt > now) };
  });
}
