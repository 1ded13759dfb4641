import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { inviteMember } from './invite-member';
import type { Invitation } from './model';

const now = new Date('2026-03-02T09:00:00.000Z');
const manager = { tenantId: 't1', actorId: 'user-alex', role: 'AIMS_MANAGER' as const };

// The use case's whole port: it cannot look an address up, so it cannot tell.
function deps() {
  const invitations: Invitation[] = [];
  return {
    invitations,
    clock: { now: () => now },
    controlPlane: { putInvitation: async (i: Invitation) => void invitations.push(i) },
  };
}

describe('inviteMember', () => {
  it('always records a pending invitation for 14 days and adds nobody', async () => {
    const d = deps();
    const result = await inviteMember(manager, { email: ' Mei@Globex.example ', role: 'VIEWER' }, d);
    const invitation = {
      tenantId: 't1',
      email: 'mei@globex.example',
      role: 'VIEWER',
      invitedBy: 'user-alex',
      createdAt: '2026-03-02T09:00:00.000Z',
      expiresAt: '2026-03-16T09:00:00.000Z',
    };
    expect(result).toEqual({ membership: null, invitation });
    expect(d.invitations).toEqual([invitation]);
  });

  it('refuses roles without member.invite, and a bad email at its path', async () => {
    await expect(
      inviteMember(
        { ...manager, role: 'INTERNAL_AUDITOR' },
        { email: 'a@b.example', role: 'VIEWER' },
        deps(),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const bad = inviteMember(manager, { email: 'nope', role: 'VIEWER' }, deps());
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'email'] }] });
  });
});
