// A consultancy onboards a client organisation: the tenant is recorded as
// PROVISIONING with the consultant as its first member, its store is created,
// then it becomes ACTIVE. A failed or slow provisioning leaves it PROVISIONING,
// visible in myTenants, and resumeTenantProvisioning finishes it: every step is
// idempotent.
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import type { Actor, ControlPlaneRepository, Tenant, TenantStoreProvisioner } from './model';
import { onboardClientTenantInput } from './model';
import { assertConsultancyCan } from './roles';
import type { ConsultancyTemplate, TemplateLibrary } from './templates-model';

export interface TenancyDeps {
  controlPlane: ControlPlaneRepository;
  provisioner: TenantStoreProvisioner;
  /** Writes a new tenant's starting data (the default risk methodology, a chosen template's drafts) into its store. */
  initialiseTenant?: (
    tenant: Tenant,
    actorId: string,
    template?: ConsultancyTemplate | null,
  ) => Promise<void>;
  /** The consultancy template library; needed only to onboard with a template. */
  templates?: TemplateLibrary;
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
  const template = input.templateId
    ? await chosenTemplate(input.consultancyId, input.templateId, input.templateVersion ?? null, deps)
    : null;
  return createTenant(
    { name: input.name, tier: 'MANAGED', consultancyId: input.consultancyId },
    actor,
    'CONSULTANT',
    deps,
    template,
  );
}

/** Checked before anything is written: an unknown template refuses the onboarding. */
async function chosenTemplate(
  consultancyId: string,
  templateId: string,
  version: number | null,
  deps: TenancyDeps,
): Promise<ConsultancyTemplate> {
  const found = !deps.templates
    ? null
    : version
      ? await deps.templates.getTemplate(consultancyId, templateId, version)
      : await deps.templates.latestTemplateVersion(consultancyId, templateId);
  if (!found) {
    throw new ValidationError([
      {
        path: ['input', version ? 'templateVersion' : 'templateId'],
        message: "is not a template of this consultancy's library",
      },
    ]);
  }
  return found;
}

export async function createTenant(
  spec: Pick<Tenant, 'name' | 'tier' | 'consultancyId'>,
  actor: Actor,
  firstRole: 'CONSULTANT' | 'AIMS_MANAGER',
  deps: TenancyDeps,
  template: ConsultancyTemplate | null = null,
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
  return completeProvisioning(tenant, actor.userId, deps, template);
}

async function completeProvisioning(
  tenant: Tenant,
  actorId: string,
  deps: TenancyDeps,
  template: ConsultancyTemplate | null = null,
): Promise<Tenant> {
  await deps.provisioner.provision(tenant);
  // A resumed provisioning no longer knows the template: it finishes without it.
  await deps.initialiseTenant?.(tenant, actorId, template);
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
