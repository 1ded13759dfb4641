// The request context, built once per request from the verified token. Tenant
// access is resolved lazily (most operations name one tenant) and memoised, and
// is only ever handed out after a membership check.
import {
  type Actor,
  type Clock,
  ConflictError,
  type ControlPlaneRepository,
  type CursorCodec,
  ForbiddenError,
  type IdGenerator,
  type PortfolioStore,
  type TemplateLibrary,
  type Tenant,
  type TenantDataMover,
  type TenantScope,
  type TenantStore,
  type TenantStoreProvisioner,
  UnauthenticatedError,
  ValidationError,
} from '@aims/core';
import { type TenantClientProvider, tenantStore } from '@aims/data';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { TokenVerifier } from './auth/verify-token';
import { idProblem } from './graphql/id-arguments';
import { createLoaders, createTenantLoaders, type Loaders, type TenantLoaders } from './loaders';

export interface ApiDeps {
  stage: string;
  controlPlane: ControlPlaneRepository;
  provisioner: TenantStoreProvisioner;
  clients: TenantClientProvider;
  cursors: CursorCodec;
  verifyToken: TokenVerifier;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Moves a tenant's items on conversion; by default the DynamoDB mover over `clients` (tests inject faults). */
  mover?: TenantDataMover;
  /** §3.16 portfolio rows in the control plane (DynamoPortfolioSink): snapshots write, the portfolio query reads. */
  portfolio: PortfolioStore;
  /** §3.16 consultancy template library in the control plane. */
  templates: TemplateLibrary;
}

export interface TenantAccess {
  tenant: Tenant;
  scope: TenantScope;
  store: TenantStore;
  loaders: TenantLoaders;
}

export interface RequestContext {
  requestId: string;
  deps: ApiDeps;
  loaders: Loaders;
  /** The verified caller; throws UNAUTHENTICATED when the request had no token. */
  actor(): Actor;
  /** The tenant named by the argument or the `x-tenant-id` header, if the caller is a member. */
  tenantAccess(tenantIdArgument?: string | null): Promise<TenantAccess>;
}

export async function buildContext(
  headers: Record<string, string | undefined>,
  requestId: string,
  deps: ApiDeps,
): Promise<RequestContext> {
  const verified = await deps.verifyToken(headers.authorization);
  const loaders = createLoaders(deps.controlPlane, verified?.userId ?? null);
  const headerTenant = headers['x-tenant-id']?.trim() || undefined;
  const accessByTenant = new Map<string, Promise<TenantAccess>>();

  const actor = (): Actor => {
    if (!verified) throw new UnauthenticatedError('sign in: this API needs a bearer token');
    return verified;
  };

  const resolveAccess = async (tenantId: string): Promise<TenantAccess> => {
    const user = actor();
    const [membership, tenant] = await Promise.all([
      loaders.myMemberships.load(tenantId),
      loaders.tenants.load(tenantId),
    ]);
    // The same answer whether the tenant is missing or just not yours: no existence oracle.
    if (!membership || !tenant) throw new ForbiddenError('you are not a member of this tenant');
    // Nothing may be read from or written to a tenant while its items move to their own table.
    if (tenant.status === 'CONVERTING') {
      throw new ConflictError(
        'the tenant is being converted to a managed tenant; retry once tenantConversion shows it COMPLETED',
        'INVALID_STATE',
      );
    }
    if (tenant.status !== 'ACTIVE') throw new ForbiddenError(`tenant is ${tenant.status.toLowerCase()}`);
    // An item of another tenant met on a read is treated as absent, and logged: it must never happen.
    const store = await tenantStore(tenant, deps.clients, (detail) =>
      deps.logger.error('tenant isolation violation on read', { ...detail, requestId }),
    );
    const scope = { tenantId, actorId: user.userId, role: membership.role };
    return { tenant, scope, store, loaders: createTenantLoaders(store, scope) };
  };

  return {
    requestId,
    deps,
    loaders,
    actor,
    tenantAccess(tenantIdArgument) {
      const argument = tenantIdArgument?.trim() || undefined;
      if (argument && headerTenant && argument !== headerTenant) {
        return Promise.reject(
          new ValidationError([{ path: ['tenantId'], message: 'differs from the x-tenant-id header' }]),
        );
      }
      const headerProblem = headerTenant ? idProblem(headerTenant) : null;
      if (headerProblem) {
        return Promise.reject(new ValidationError([{ path: ['x-tenant-id'], message: headerProblem }]));
      }
      const tenantId = argument ?? headerTenant;
      if (!tenantId) {
        return Promise.reject(
          new ValidationError([
            { path: ['tenantId'], message: 'name a tenant (argument or x-tenant-id header)' },
          ]),
        );
      }
      let access = accessByTenant.get(tenantId);
      if (!access) {
        access = resolveAccess(tenantId);
        accessByTenant.set(tenantId, access);
      }
      return access;
    },
  };
}
