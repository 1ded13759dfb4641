// Adds a member by email: a user who already has an account joins at once; an
// unknown address gets a pending invitation (14 days) that they accept after
// signing in with that verified email.
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
  deps: MembershipDeps,
): Promise<{ membership: Membership | null; invitation: Invitation | null }> {
  assertCan(scope.role, 'member.invite');
  const input = parseInput(inviteMemberInput, rawInput, ['input']);
  const now = deps.clock.now();
  const existing = await deps.controlPlane.findUserByEmail(input.email);
  if (existing) {
    const membership: Membership = {
      tenantId: scope.tenantId,
      userId: existing.id,
      role: input.role,
      createdAt: now.toISOString(),
    };
    await deps.controlPlane.addMembership(membership);
    return { membership, invitation: null };
  }
  const invitation: Invitation = {
    tenantId: scope.tenantId,
    email: input.email,
    role: input.role,
    invitedBy: scope.actorId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
  };
  await deps.controlPlane.putInvitation(invitation);
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
