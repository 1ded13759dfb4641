// The tenant's impact-assessment options (I2): whether new revisions assess all
// eleven dimensions (the default: the guide's seven are a minimum, Annex B.5
// adds safety and health, human rights, accessibility) or the guide's seven
// only. A management decision, so a consultant cannot make it. Revisions keep
// the set they started with.
import * as z from 'zod';
import { ForbiddenError } from '../shared/errors';
import { put, recordChange } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { DIMENSION_SETS } from './impact-assessment';
import { DEFAULT_DIMENSION_SET, type ImpactSettings, ImpactSettingsItems } from './model';

export const setImpactSettingsInput = z.object({
  dimensionSet: z.enum(DIMENSION_SETS),
  /** 0 while the tenant has never set them. */
  expectedVersion: z.number().int().min(0),
});

export async function getImpactSettings(
  scope: TenantScope,
  deps: Pick<StoreDeps, 'store'>,
): Promise<ImpactSettings> {
  assertCan(scope.role, 'impact.read');
  return (
    (await deps.store.get(ImpactSettingsItems, {})) ?? {
      dimensionSet: DEFAULT_DIMENSION_SET,
      version: 0,
      updatedBy: '',
      updatedAt: '',
    }
  );
}

export async function setImpactSettings(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'impact.approve');
  if (scope.role === 'CONSULTANT')
    throw new ForbiddenError('a consultant cannot set the organisation’s options');
  const input = parseInput(setImpactSettingsInput, rawInput, ['input']);
  const current = await deps.store.get(ImpactSettingsItems, {});
  const version = current?.version ?? 0;
  if (version !== input.expectedVersion)
    throw versionMismatch('ImpactSettings', 'impact-settings', input.expectedVersion, version);
  const now = deps.clock.now().toISOString();
  const next: ImpactSettings = {
    dimensionSet: input.dimensionSet,
    version: version + 1,
    updatedBy: scope.actorId,
    updatedAt: now,
  };
  await deps.store.commit([
    put(ImpactSettingsItems, next, current ? { version } : 'absent'),
    recordChange(changeOf(ImpactSettingsItems, scope, current, next, now, deps.ids)),
  ]);
  return next;
}
