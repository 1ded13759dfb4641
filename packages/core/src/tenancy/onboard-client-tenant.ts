// A consultancy onboards a client organisation: the tenant is recorded as
// PROVISIONING with the consultant as its first member, its store is created,
// then it becomes ACTIVE. A failed or slow provisioning leaves it PROVISIONING,
// visible in myTenants, and resumeTenantProvisioning finishes it: every step is
// idempotent.
import { ConflictError, ForbiddenError } from '../shared/errors';
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
  return completeProvisioning(tenant, actor.userId, deps);
}

async function completeProvisioning(tenant: Tenant, actorId: string, deps: TenancyDeps): Promise<Tenant> {
  await deps.provisioner.provision(tenant);
  await deps.initialiseTenant?.(tenant, actorId);
  return deps.controlPlane.setTenantStatus(tenant, 'ACTIVE');
}

/** Finishes a tenant left PROVISIONING (timeout, crash); for its members and its consultancy's staff. */
export async function resumeTenantProvisioning(
  actor: Actor,
  tenantId: string,
  deps: TenancyDeps,
): Promise<Tenant> {
  const [tenant, membership] = await Promise.all([
    deps.controlPlane.getTenant(tenantId),
    deps.controlPlane.getMembership(actor.userId, tenantId),
  ]);
  const staff = tenant?.consultancyId
    ? await deps.controlPlane.getConsultancyMembership(actor.userId, tenant.consultancyId)
    : null;
  if (!tenant || (!membership && !staff)) throw new ForbiddenError('you are not a member of this tenant');
  if (tenant.status === 'ACTIVE') return tenant;
  if (tenant.status !== 'PROVISIONING') {
    throw new ConflictError(`tenant is ${tenant.status.toLowerCase()}, not provisioning`, 'INVALID_STATE');
  }
  return completeProvisioning(tenant, actor.userId, deps);
}
