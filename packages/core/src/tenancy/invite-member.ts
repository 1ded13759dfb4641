// Invites someone to a tenant by email. Every address gets the same thing — a
// pending invitation (14 days) that its owner accepts after signing in with that
// verified email — whether or not it already has an account: the answer must not
// tell a tenant manager who uses the platform, and nobody joins without consent.
// So this never looks the address up.
import { ConflictError, NotFoundError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { parseInput } from '../shared/validation';
import type { Actor, ControlPlaneRepository, Invitation, Membership } from './model';
import { inviteMemberInput } from './model';
import { assertCan } from './roles';
import type { TenantScope } from './tenant-scope';

export const INVITATION_TTL_DAYS = 14;

export interface MembershipDeps {
  controlPlane: ControlPlaneRepository;
  clock: Clock;
}

export async function inviteMember(
  scope: TenantScope,
  rawInput: unknown,
  deps: Pick<MembershipDeps, 'clock'> & {
    controlPlane: Pick<ControlPlaneRepository, 'putInvitation'>;
  },
): Promise<{ membership: null; invitation: Invitation }> {
  assertCan(scope.role, 'member.invite');
  const input = parseInput(inviteMemberInput, rawInput, ['input']);
  const now = deps.clock.now();
  const invitation: Invitation = {
    tenantId: scope.tenantId,
    email: input.email,
    role: input.role,
    invitedBy: scope.actorId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
  };
  await deps.controlPlane.putInvitation(invitation);
  // `membership` stays in the GraphQL payload for old clients; it is always null.
  return { membership: null, invitation };
}

export async function acceptInvitation(
  actor: Actor,
  tenantId: string,
  deps: MembershipDeps,
): Promise<Membership> {
  // An unverified email would let anyone claim an invitation by typing the address.
  if (!actor.emailVerified)
    throw new ConflictError('verify your email before accepting invitations', 'INVALID_STATE');
  const email = actor.email.toLowerCase();
  const invitation = await deps.controlPlane.getInvitation(tenantId, email);
  const now = deps.clock.now();
  if (!invitation || new Date(invitation.expiresAt) <= now) throw new NotFoundError('Invitation', tenantId);
  await deps.controlPlane.ensureUser({
    id: actor.userId,
    email,
    displayName: actor.displayName,
    createdAt: now.toISOString(),
  });
  const membership: Membership = {
    tenantId,
    userId: actor.userId,
    role: invitation.role,
    createdAt: now.toISOString(),
  };
  await deps.controlPlane.addMembership(membership, invitation);
  return membership;
}
