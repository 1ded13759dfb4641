// A consultancy onboards a client organisation: the tenant is recorded as
// PROVISIONING with the consultant as its first member, its store is created,
// then it becomes ACTIVE. A failed provisioning leaves it PROVISIONING, visible
// and retryable, rather than half-active.
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import type { Actor, ControlPlaneRepository, Tenant, TenantStoreProvisioner } from './model';
import { onboardClientTenantInput } from './model';
import { assertConsultancyCan } from './roles';

export interface TenancyDeps {
  controlPlane: ControlPlaneRepository;
  provisioner: TenantStoreProvisioner;
  /** Writes a new tenant's starting data (e.g. the default risk methodology) into its store. */
  initialiseTenant?: (tenant: Tenant, actorId: string) => Promise<void>;
  clock: Clock;
  ids: IdGenerator;
}

export async function onboardClientTenant(
  actor: Actor,
  rawInput: unknown,
  deps: TenancyDeps,
): Promise<Tenant> {
  const input = parseInput(onboardClientTenantInput, rawInput, ['input']);
  const staff = await deps.controlPlane.getConsultancyMembership(actor.userId, input.consultancyId);
  assertConsultancyCan(staff?.role, 'consultancy.onboardClient');
  return createTenant(
    { name: input.name, tier: 'MANAGED', consultancyId: input.consultancyId },
    actor,
    'CONSULTANT',
    deps,
  );
}

export async function createTenant(
  spec: Pick<Tenant, 'name' | 'tier' | 'consultancyId'>,
  actor: Actor,
  firstRole: 'CONSULTANT' | 'AIMS_MANAGER',
  deps: TenancyDeps,
): Promise<Tenant> {
  const now = deps.clock.now().toISOString();
  const id = deps.ids.next();
  const tenant: Tenant = {
    id,
    ...spec,
    status: 'PROVISIONING',
    tableName: deps.provisioner.tableNameFor(spec.tier, id),
    createdAt: now,
    version: 1,
  };
  await deps.controlPlane.ensureUser({
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    createdAt: now,
  });
  await deps.controlPlane.createTenant(tenant, [
    { tenantId: id, userId: actor.userId, role: firstRole, createdAt: now },
  ]);
  await deps.provisioner.provision(tenant);
  await deps.initialiseTenant?.(tenant, actor.userId);
  return deps.controlPlane.setTenantStatus(tenant, 'ACTIVE');
}
