import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type AiSystem, assertProvenanceConsistent, PROVENANCES } from './ai-system';
import { decommissionAiSystem } from './decommission-ai-system';
import { AiSystems } from './model';
import { type InventoryDeps, registerAiSystem } from './register-ai-system';
import { updateAiSystem } from './update-ai-system';

/** The in-memory store, with views of what it holds for assertions. */
class Fixture {
  store = new InMemoryTenantStore('t1');
  get changes(): ChangeRecord[] {
    return [...this.store.table.items.values()]
      .filter((i) => i.entity === 'ChangeRecord')
      .map((i) => changeRecordSchema.parse(i));
  }
  get systems() {
    return [...this.store.table.items.values()].filter((i) => i.entity === 'AiSystem');
  }
  get(id: string) {
    return this.store.get(AiSystems, { id });
  }
}

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const owner: TenantScope = { tenantId: 't1', actorId: 'u-owner', role: 'AI_SYSTEM_OWNER' };
const members = new Set(['u-manager', 'u-owner']);

let repo: Fixture;
let deps: InventoryDeps;

beforeEach(() => {
  repo = new Fixture();
  let n = 0;
  deps = {
    store: repo.store,
    isMember: async (id) => members.has(id),
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${++n}` },
  };
});

const base = {
  name: 'Chatbot',
  purpose: 'Answers customer questions',
  lifecycleStage: 'USE',
  provenance: 'INTERNAL',
};

describe('registerAiSystem', () => {
  it('creates version 1 with a CREATED change record carrying the snapshot', async () => {
    const system = await registerAiSystem(manager, base, deps);
    expect(system).toMatchObject({
      id: 'id-1',
      tenantId: 't1',
      version: 1,
      dataProcessed: [],
      ownerId: null,
    });
    expect(repo.changes).toEqual([
      expect.objectContaining({
        action: 'CREATED',
        entityId: 'id-1',
        version: 1,
        before: null,
        actorId: 'u-manager',
      }),
    ]);
    expect(repo.changes[0]?.after).not.toHaveProperty('tenantId');
  });

  it('trims text and refuses blank names', async () => {
    const system = await registerAiSystem(manager, { ...base, name: '  Chatbot  ' }, deps);
    expect(system.name).toBe('Chatbot');
    await expect(registerAiSystem(manager, { ...base, name: '   ' }, deps)).rejects.toThrow(ValidationError);
  });

  it('refuses to register a system straight into DECOMMISSIONED', async () => {
    await expect(
      registerAiSystem(manager, { ...base, lifecycleStage: 'DECOMMISSIONED' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'lifecycleStage'] }],
    });
  });

  it('refuses an owner from outside the tenant and writes nothing', async () => {
    await expect(registerAiSystem(manager, { ...base, ownerId: 'stranger' }, deps)).rejects.toThrow(
      ValidationError,
    );
    expect(repo.systems).toHaveLength(0);
  });

  it('checks the role before validating the input', async () => {
    const viewer: TenantScope = { ...manager, role: 'VIEWER' };
    await expect(registerAiSystem(viewer, {}, deps)).rejects.toThrow(ForbiddenError);
  });
});

describe('provenance rule', () => {
  it('requires a vendor exactly when the system is not internal', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROVENANCES), fc.boolean(), (provenance, hasVendor) => {
        const vendor = hasVendor
          ? { name: 'V', modelOrService: null, contractReference: null, dpaReference: null }
          : null;
        const valid = provenance === 'INTERNAL' ? !hasVendor : hasVendor;
        if (valid) expect(() => assertProvenanceConsistent({ provenance, vendor })).not.toThrow();
        else expect(() => assertProvenanceConsistent({ provenance, vendor })).toThrow(ValidationError);
      }),
    );
  });
});

describe('updateAiSystem', () => {
  it('bumps the version by one per real change and records before and after', async () => {
    const created = await registerAiSystem(manager, base, deps);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
          { maxLength: 5 },
        ),
        async (names) => {
          let current = (await repo.get(created.id)) as AiSystem;
          for (const name of names) {
            const before = current;
            const next = await updateAiSystem(
              manager,
              { id: created.id, expectedVersion: current.version, name },
              deps,
            );
            const changed = name.trim() !== before.name;
            expect(next.version).toBe(before.version + (changed ? 1 : 0));
            if (changed)
              expect(repo.changes.at(-1)).toMatchObject({
                before: { name: before.name },
                after: { name: name.trim() },
              });
            current = next;
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('makes no write and no change record for an update that changes nothing', async () => {
    const created = await registerAiSystem(manager, base, deps);
    const same = await updateAiSystem(manager, { id: created.id, expectedVersion: 1, name: 'Chatbot' }, deps);
    expect(same.version).toBe(1);
    expect(repo.changes).toHaveLength(1);
  });

  it('refuses a stale version before anything else', async () => {
    const created = await registerAiSystem(manager, base, deps);
    await expect(
      updateAiSystem(manager, { id: created.id, expectedVersion: 7, name: 'x' }, deps),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH' },
    });
  });

  it('lets a system owner change only their own systems', async () => {
    const mine = await registerAiSystem(owner, base, deps);
    const theirs = await registerAiSystem(manager, { ...base, name: 'Other' }, deps);
    await expect(
      updateAiSystem(owner, { id: mine.id, expectedVersion: 1, purpose: 'New' }, deps),
    ).resolves.toMatchObject({
      version: 2,
    });
    await expect(
      updateAiSystem(owner, { id: theirs.id, expectedVersion: 1, purpose: 'New' }, deps),
    ).rejects.toThrow(ForbiddenError);
  });

  it('refuses roles without any update grant before reading, even with a stale version', async () => {
    const created = await registerAiSystem(manager, base, deps);
    const auditor: TenantScope = { ...manager, role: 'INTERNAL_AUDITOR' };
    await expect(
      updateAiSystem(auditor, { id: created.id, expectedVersion: 9, name: 'x' }, deps),
    ).rejects.toThrow(ForbiddenError);
  });

  it('answers NOT_FOUND for an unknown system', async () => {
    await expect(
      updateAiSystem(manager, { id: 'nope', expectedVersion: 1, name: 'x' }, deps),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('decommissionAiSystem', () => {
  it('sets the stage, date and reason, then refuses further change', async () => {
    const created = await registerAiSystem(manager, base, deps);
    const retired = await decommissionAiSystem(
      manager,
      { id: created.id, expectedVersion: 1, reason: 'Replaced' },
      deps,
    );
    expect(retired).toMatchObject({
      lifecycleStage: 'DECOMMISSIONED',
      decommissionedAt: '2026-03-01T10:00:00.000Z',
      decommissionReason: 'Replaced',
      version: 2,
    });
    await expect(
      updateAiSystem(manager, { id: created.id, expectedVersion: 2, name: 'x' }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await expect(
      decommissionAiSystem(manager, { id: created.id, expectedVersion: 2, reason: 'again' }, deps),
    ).rejects.toThrow(ConflictError);
  });

  it('requires a reason', async () => {
    const created = await registerAiSystem(manager, base, deps);
    await expect(
      decommissionAiSystem(manager, { id: created.id, expectedVersion: 1, reason: ' ' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
  });
});
