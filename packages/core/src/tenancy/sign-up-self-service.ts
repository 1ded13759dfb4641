// Self-service sign-up: a pooled-tier tenant with the caller as its AIMS manager.
import { parseInput } from '../shared/validation';
import type { Actor, Tenant } from './model';
import { signUpSelfServiceInput } from './model';
import { createTenant, type TenancyDeps } from './onboard-client-tenant';

export async function signUpSelfService(actor: Actor, rawInput: unknown, deps: TenancyDeps): Promise<Tenant> {
  const input = parseInput(signUpSelfServiceInput, rawInput, ['input']);
  return createTenant(
    { name: input.organisationName, tier: 'SELF_SERVICE', consultancyId: null },
    actor,
    'AIMS_MANAGER',
    deps,
  );
}
