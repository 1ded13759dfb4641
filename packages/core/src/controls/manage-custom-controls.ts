// X-8 (R11): creating, editing, retiring and reading custom controls. A custom
// control enters the SoA's "controls additional to Annex A" section (6.1.3) in
// the same transaction that creates it, undecided, like an Annex A control.
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory, type RecentChanges } from '../audit/query-history';
import type { MemberCheck } from '../inventory/ai-system';
import { RiskControlLinks } from '../risk/model';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import { readAll } from '../shared/read-all';
import { increment, put, recordChange, remove, type TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps, updateVersioned } from '../shared/versioned';
import { SoaEntries, SoaHeads } from '../soa/model';
import { blankEntry } from '../soa/statement-of-applicability';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type CustomControl,
  createCustomControlInput,
  retireCustomControlInput,
  updateCustomControlInput,
} from './custom-control';
import { CustomControls } from './model';

export interface CustomControlDeps extends StoreDeps {
  isMember: MemberCheck;
}

async function checkOwner(ownerId: string | null | undefined, deps: CustomControlDeps) {
  if (ownerId && !(await deps.isMember(ownerId))) {
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
  }
}

export async function createCustomControl(
  scope: TenantScope,
  rawInput: unknown,
  deps: CustomControlDeps,
): Promise<CustomControl> {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(createCustomControlInput, rawInput, ['input']);
  await checkOwner(input.ownerId, deps);
  const now = deps.clock.now().toISOString();
  const control: CustomControl = {
    ref: input.ref,
    tenantId: scope.tenantId,
    title: input.title,
    description: input.description ?? null,
    source: input.source,
    mappedAnnexA: input.mappedAnnexA ?? [],
    ownerId: input.ownerId ?? null,
    retiredAt: null,
    retiredReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.commit([
      put(CustomControls, control, 'absent'),
      recordChange(changeOf(CustomControls, scope, null, control, now, deps.ids)),
      // Its SoA entry, undecided; the SoA changed, so its edit count moves.
      put(SoaEntries, blankEntry(scope.tenantId, control.ref), 'absent'),
      increment(SoaHeads, {}, { version: 1 }, { updatedAt: now }),
    ]);
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      throw new ConflictError(`Custom control ${input.ref} already exists`, 'ALREADY_EXISTS');
    }
    throw error;
  }
  return control;
}

export async function updateCustomControl(
  scope: TenantScope,
  rawInput: unknown,
  deps: CustomControlDeps,
): Promise<CustomControl> {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(updateCustomControlInput, rawInput, ['input']);
  await checkOwner(input.ownerId, deps);
  return updateVersioned(
    deps,
    scope,
    CustomControls,
    { ref: input.ref },
    input.expectedVersion,
    (current) => {
      if (current.retiredAt) {
        throw new ConflictError(`Custom control ${current.ref} is retired`, 'INVALID_STATE');
      }
      return {
        ...current,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description ?? null } : {}),
        ...(input.source !== undefined ? { source: input.source } : {}),
        ...(input.mappedAnnexA !== undefined ? { mappedAnnexA: input.mappedAnnexA } : {}),
        ...(input.ownerId !== undefined ? { ownerId: input.ownerId ?? null } : {}),
      };
    },
  );
}

/**
 * Retires a control: it leaves the working SoA (approved versions keep it
 * frozen) and can no longer be referenced. Refused while a live risk's
 * treatment relies on it: the treatment must name another control first, or the
 * SoA would lose a control the risk assessment depends on.
 */
export async function retireCustomControl(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<CustomControl> {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(retireCustomControlInput, rawInput, ['input']);
  const relying = await deps.store.collection(RiskControlLinks, ['LINK', 'RISK-CONTROL'], {
    sortPrefix: `${input.ref}#`,
  });
  return updateVersioned(
    deps,
    scope,
    CustomControls,
    { ref: input.ref },
    input.expectedVersion,
    (current) => {
      if (current.retiredAt) {
        throw new ConflictError(`Custom control ${current.ref} is already retired`, 'INVALID_STATE');
      }
      if (relying.length) {
        throw new ConflictError(
          `Custom control ${current.ref} cannot be retired while the treatment of ${relying.length} risk(s) relies on it: ${relying.map((l) => l.riskId).join(', ')}`,
          'INVALID_STATE',
        );
      }
      return { ...current, retiredAt: deps.clock.now().toISOString(), retiredReason: input.reason };
    },
    {
      action: 'UPDATED',
      extra: (saved) => [
        remove(SoaEntries, { controlId: saved.ref }),
        increment(SoaHeads, {}, { version: 1 }, { updatedAt: saved.updatedAt }),
      ],
    },
  );
}

export async function getCustomControl(
  scope: TenantScope,
  ref: string,
  deps: { store: TenantStore },
): Promise<CustomControl> {
  assertCan(scope.role, 'soa.read');
  const control = await deps.store.get(CustomControls, { ref });
  if (!control) throw new NotFoundError('CustomControl', ref);
  return control;
}

export function listCustomControls(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: { store: TenantStore; cursors: CursorCodec },
): Promise<Connection<CustomControl>> {
  assertCan(scope.role, 'soa.read');
  return pagedConnection(scope.tenantId, 'customControls', args, deps.cursors, (page) =>
    deps.store.query(CustomControls, 'all', {}, page),
  );
}

export function customControlHistory(
  scope: TenantScope,
  control: Pick<CustomControl, 'ref' | 'version'>,
  args: ConnectionArgs,
  deps: { store: TenantStore; cursors: CursorCodec; recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(
    scope,
    'CustomControl',
    control.ref,
    args,
    { history: deps.store, ...deps },
    control.version,
  );
}

/** Every custom control, retired ones included (bounded: a tenant's own catalogue). */
export function allCustomControls(store: TenantStore): Promise<CustomControl[]> {
  return readAll(store, CustomControls, 'all', {});
}
