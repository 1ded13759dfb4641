import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../shared/errors';
import { assertCan, assertConsultancyCan, can, ROLES, TENANT_ACTIONS } from './roles';

describe('permission matrix', () => {
  it('lets every role read the inventory and the tenant', () => {
    for (const role of ROLES) {
      expect(can(role, 'aiSystem.read')).toBe(true);
      expect(can(role, 'tenant.read')).toBe(true);
    }
  });

  it('gives viewers read-only access and no audit trail', () => {
    const allowed = TENANT_ACTIONS.filter((a) => can('VIEWER', a, { actorId: 'u1', ownerId: 'u1' }));
    expect(allowed).toEqual([
      'tenant.read',
      'member.list',
      'aiSystem.read',
      'risk.read',
      'impact.read',
      'soa.read',
      'document.read',
      'governance.read',
      'support.read',
      'context.read',
    ]);
  });

  it('lets only consultants and AIMS managers invite members and decommission systems', () => {
    const inviters = ROLES.filter((r) => can(r, 'member.invite'));
    expect(inviters).toEqual(['CONSULTANT', 'AIMS_MANAGER']);
    expect(ROLES.filter((r) => can(r, 'aiSystem.decommission'))).toEqual(['CONSULTANT', 'AIMS_MANAGER']);
  });

  it('lets an AI system owner update only the systems they own', () => {
    expect(can('AI_SYSTEM_OWNER', 'aiSystem.update', { actorId: 'u1', ownerId: 'u1' })).toBe(true);
    expect(can('AI_SYSTEM_OWNER', 'aiSystem.update', { actorId: 'u1', ownerId: 'u2' })).toBe(false);
    expect(can('AI_SYSTEM_OWNER', 'aiSystem.update', { actorId: 'u1', ownerId: null })).toBe(false);
    expect(can('AI_SYSTEM_OWNER', 'aiSystem.update')).toBe(false);
    expect(can('AIMS_MANAGER', 'aiSystem.update', { actorId: 'u1', ownerId: 'u2' })).toBe(true);
  });

  it('throws ForbiddenError naming the action when a role is not allowed', () => {
    expect(() => assertCan('INTERNAL_AUDITOR', 'aiSystem.create')).toThrow(ForbiddenError);
    expect(() => assertCan('INTERNAL_AUDITOR', 'aiSystem.create')).toThrow(/aiSystem.create/);
    expect(() => assertCan('AIMS_MANAGER', 'aiSystem.create')).not.toThrow();
  });

  it('lets only consultancy staff onboard clients', () => {
    expect(() => assertConsultancyCan(undefined, 'consultancy.onboardClient')).toThrow(ForbiddenError);
    expect(() => assertConsultancyCan('CONSULTANT', 'consultancy.onboardClient')).not.toThrow();
    expect(() => assertConsultancyCan('PARTNER_ADMIN', 'consultancy.listClients')).not.toThrow();
  });
});
