import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { Appointments } from '../governance/model';
import { resolveRiskReassessment } from '../reassessment/manage-reassessments';
import { OpenReassessments, ReassessmentRequests } from '../reassessment/model';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type AiSystem, assertProvenanceConsistent, missingForUse, PROVENANCES } from './ai-system';
import { decommissionAiSystem } from './decommission-ai-system';
import { AiSystems, aiSystemSchema } from './model';
import { type InventoryDeps, registerAiSystem } from './register-ai-system';
import { setEuAiActProfile } from './set-eu-ai-act-profile';
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
const roles: Record<string, string> = {
  'u-manager': 'AIMS_MANAGER',
  'u-owner': 'AI_SYSTEM_OWNER',
  'u-consultant': 'CONSULTANT',
};

let repo: Fixture;
let deps: InventoryDeps;

beforeEach(() => {
  repo = new Fixture();
  let n = 0;
  deps = {
    store: repo.store,
    isMember: async (id) => members.has(id),
    memberRole: async (id) => roles[id] ?? null,
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${++n}` },
  };
});

const base = {
  name: 'Chatbot',
  purpose: 'Answers customer questions',
  lifecycleStage: 'USE',
  provenance: 'INTERNAL',
  aiRoles: ['DEVELOPER', 'DEPLOYER'],
  intendedUse: 'Answers customers about orders; staff handle complaints',
  ownerId: 'u-owner',
};
const retirement = {
  reason: 'Replaced',
  dataDisposal: { method: 'Deleted conversation logs', doneOn: '2026-02-28', evidenceRef: 'CHG-1042' },
  knowledgeTransfer: 'Runbook and prompts handed to the service desk lead',
};

describe('registerAiSystem', () => {
  it('creates version 1 with a CREATED change record carrying the snapshot', async () => {
    const system = await registerAiSystem(manager, base, deps);
    expect(system).toMatchObject({
      id: 'id-1',
      tenantId: 't1',
      version: 1,
      dataProcessed: [],
      ownerId: 'u-owner',
      aiRoles: ['DEVELOPER', 'DEPLOYER'],
      euAiActProfile: null,
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
    const theirs = await registerAiSystem(manager, { ...base, name: 'Other', ownerId: 'u-manager' }, deps);
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
      { id: created.id, expectedVersion: 1, ...retirement },
      deps,
    );
    expect(retired).toMatchObject({
      lifecycleStage: 'DECOMMISSIONED',
      decommissionedAt: '2026-03-01T10:00:00.000Z',
      decommissionReason: 'Replaced',
      dataDisposal: retirement.dataDisposal,
      knowledgeTransfer: retirement.knowledgeTransfer,
      version: 2,
    });
    await expect(
      updateAiSystem(manager, { id: created.id, expectedVersion: 2, name: 'x' }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await expect(
      decommissionAiSystem(manager, { id: created.id, expectedVersion: 2, ...retirement }, deps),
    ).rejects.toThrow(ConflictError);
  });

  it('requires a reason', async () => {
    const created = await registerAiSystem(manager, base, deps);
    await expect(
      decommissionAiSystem(manager, { id: created.id, expectedVersion: 1, ...retirement, reason: ' ' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
  });
});

describe('V1 organisation role, intended use, oversight and review date', () => {
  it('V1 records the AI roles, intended use, human oversight and next review date', async () => {
    const system = await registerAiSystem(
      manager,
      { ...base, humanOversight: 'Agents review every refund suggestion', nextReviewOn: '2026-09-01' },
      deps,
    );
    expect(system).toMatchObject({
      aiRoles: ['DEVELOPER', 'DEPLOYER'],
      intendedUse: base.intendedUse,
      humanOversight: 'Agents review every refund suggestion',
      nextReviewOn: '2026-09-01',
    });
  });

  it('V1 refuses an empty role list, a repeated role and a malformed review date, with field paths', async () => {
    const error = await registerAiSystem(
      manager,
      { ...base, aiRoles: [], nextReviewOn: '2026-13-40' },
      deps,
    ).catch((e) => e);
    expect(error.fieldErrors.map((f: { path: string[] }) => f.path.join('.')).sort()).toEqual([
      'input.aiRoles',
      'input.nextReviewOn',
    ]);
    await expect(
      registerAiSystem(manager, { ...base, aiRoles: ['USER', 'USER'] }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'aiRoles'] }],
    });
  });

  it('V1 moving a system into USE needs its intended use and role; a USE system cannot lose them', async () => {
    const dev = await registerAiSystem(
      manager,
      { name: 'Scorer', purpose: 'Scores leads', lifecycleStage: 'DEVELOPMENT', provenance: 'INTERNAL' },
      deps,
    );
    const error = await updateAiSystem(
      manager,
      { id: dev.id, expectedVersion: 1, lifecycleStage: 'USE', ownerId: 'u-owner' },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors.map((f: { path: string[] }) => f.path.join('.'))).toEqual([
      'input.intendedUse',
      'input.aiRoles',
    ]);
    const inUse = await registerAiSystem(manager, base, deps);
    await expect(
      updateAiSystem(manager, { id: inUse.id, expectedVersion: 1, intendedUse: null }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'intendedUse'] }] });
  });

  it('V1 a system registered into USE without them shows its gaps and stays editable otherwise', async () => {
    const legacy = await registerAiSystem(
      manager,
      { name: 'Legacy', purpose: 'p', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      deps,
    );
    expect(missingForUse(legacy).map((e) => e.path[1])).toEqual(['intendedUse', 'aiRoles']);
    await expect(
      updateAiSystem(manager, { id: legacy.id, expectedVersion: 1, name: 'Legacy renamed' }, deps),
    ).resolves.toMatchObject({ version: 2 });
  });

  it('V1 items stored before schema version 3 still parse, with empty new fields', () => {
    const old = {
      id: 's1',
      tenantId: 't1',
      name: 'Old',
      purpose: 'p',
      description: null,
      dataProcessed: [],
      decisionsInfluenced: [],
      affectedStakeholders: [],
      businessProcess: null,
      lifecycleStage: 'USE',
      ownerId: null,
      provenance: 'INTERNAL',
      vendor: null,
      decommissionedAt: null,
      decommissionReason: null,
      stopRequested: { reason: 'r', assessmentId: 'ia1', requestedBy: 'u', requestedAt: 't' },
      version: 3,
      createdAt: 't',
      updatedAt: 't',
    };
    expect(aiSystemSchema.parse(old)).toMatchObject({
      aiRoles: [],
      intendedUse: null,
      humanOversight: null,
      nextReviewOn: null,
      dataDisposal: null,
      knowledgeTransfer: null,
      euAiActProfile: null,
      stopRequested: { assessmentId: 'ia1' },
    });
  });
});

describe('V2 owner of a system in USE', () => {
  it('V2 a system in USE gets the registering member as owner unless someone is named', async () => {
    const system = await registerAiSystem(manager, { ...base, ownerId: undefined }, deps);
    expect(system.ownerId).toBe('u-manager');
  });

  it('V2 a consultant registering into USE must name an internal owner', async () => {
    const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
    await expect(registerAiSystem(consultant, { ...base, ownerId: undefined }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'ownerId'] }],
    });
    expect(repo.systems).toHaveLength(0);
  });

  it('V2 the consultant cannot be named owner, and a USE system cannot lose its owner', async () => {
    members.add('u-consultant');
    try {
      await expect(
        registerAiSystem(manager, { ...base, ownerId: 'u-consultant' }, deps),
      ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'ownerId'] }] });
    } finally {
      members.delete('u-consultant');
    }
    const system = await registerAiSystem(manager, base, deps);
    await expect(
      updateAiSystem(manager, { id: system.id, expectedVersion: 1, ownerId: null }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'ownerId'] }] });
  });
});

describe('V3 decommissioning', () => {
  it('V3 requires data disposal and knowledge transfer, with field paths', async () => {
    const system = await registerAiSystem(manager, base, deps);
    const error = await decommissionAiSystem(
      manager,
      { id: system.id, expectedVersion: 1, reason: 'Replaced' },
      deps,
    ).catch((e) => e);
    expect(error.fieldErrors.map((f: { path: string[] }) => f.path.join('.')).sort()).toEqual([
      'input.dataDisposal',
      'input.knowledgeTransfer',
    ]);
  });

  it('V3 refuses a disposal dated in the future: decommissioning records disposal done', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await expect(
      decommissionAiSystem(
        manager,
        {
          id: system.id,
          expectedVersion: 1,
          ...retirement,
          dataDisposal: { ...retirement.dataDisposal, doneOn: '2026-04-01' },
        },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'dataDisposal', 'doneOn'] }] });
  });

  it('V3 an open stop request does not block decommissioning: it is what the request asks for', async () => {
    const system = await registerAiSystem(manager, base, deps);
    const stopped = await setEuAiActProfile(
      manager,
      { aiSystemId: system.id, expectedVersion: 1, profile: { ...prohibited } },
      deps,
    );
    expect(stopped.stopRequested).toMatchObject({ assessmentId: null, requestedBy: 'u-manager' });
    await expect(
      decommissionAiSystem(manager, { id: system.id, expectedVersion: 2, ...retirement }, deps),
    ).resolves.toMatchObject({ lifecycleStage: 'DECOMMISSIONED' });
  });
});

const prohibited = {
  operatorRole: 'DEPLOYER',
  prohibitedPractice: 'ART5_F',
  publicBodyOrPublicService: false,
  reasons: ['Infers the emotions of call-centre staff at work'],
  assessedOn: '2026-02-20',
};

describe('I9 EU AI Act profile on the system', () => {
  it('I9 setEuAiActProfile records the profile with who assessed it, version-checked', async () => {
    const system = await registerAiSystem(manager, base, deps);
    const profiled = await setEuAiActProfile(
      manager,
      {
        aiSystemId: system.id,
        expectedVersion: 1,
        profile: {
          operatorRole: 'DEPLOYER',
          highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'b' },
          transparencyArt50: ['CHATBOT'],
          publicBodyOrPublicService: false,
          reasons: ['Scores creditworthiness of customers'],
          assessedOn: '2026-02-20',
        },
      },
      deps,
    );
    expect(profiled.euAiActProfile).toMatchObject({
      operatorRole: 'DEPLOYER',
      highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'b', art63Derogation: null },
      gpai: { isGpaiModel: false, systemicRisk: false },
      assessedBy: 'u-manager',
    });
    expect(profiled.stopRequested ?? null).toBeNull();
    await expect(
      setEuAiActProfile(manager, { aiSystemId: system.id, expectedVersion: 1, profile: prohibited }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'VERSION_MISMATCH' } });
  });

  it('I9 a prohibited practice forces a stop request in the same commit', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await setEuAiActProfile(
      manager,
      { aiSystemId: system.id, expectedVersion: 1, profile: prohibited },
      deps,
    );
    const stored = await repo.get(system.id);
    expect(stored?.stopRequested?.reason).toContain('Art. 5(1)(f)');
    expect(repo.changes.at(-1)).toMatchObject({
      version: 2,
      after: { stopRequested: { assessmentId: null } },
    });
  });

  it('I9 refuses an assessment date in the future and roles without impact.edit', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await expect(
      setEuAiActProfile(
        manager,
        { aiSystemId: system.id, expectedVersion: 1, profile: { ...prohibited, assessedOn: '2027-01-01' } },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'profile', 'assessedOn'] }] });
    const viewer: TenantScope = { ...manager, role: 'VIEWER' };
    await expect(
      setEuAiActProfile(viewer, { aiSystemId: system.id, expectedVersion: 1, profile: prohibited }, deps),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('R14 / I5 re-assessment on significant change', () => {
  const requests = () =>
    [...repo.store.table.items.values()]
      .filter((i) => i.entity === 'ReassessmentRequest')
      .map(
        (i) =>
          i as unknown as {
            scope: string;
            status: string;
            triggers: { changes: string[] }[];
            id: string;
            version: number;
          },
      );

  it('R14 a change of purpose opens an IMPACT and a RISK request in the same commit as the update', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await updateAiSystem(
      manager,
      { id: system.id, expectedVersion: 1, purpose: 'Also handles refunds' },
      deps,
    );
    expect(
      requests()
        .map((r) => r.scope)
        .sort(),
    ).toEqual(['IMPACT', 'RISK']);
    expect(requests().every((r) => r.status === 'OPEN' && r.triggers[0]?.changes.join() === 'PURPOSE')).toBe(
      true,
    );
    expect(await repo.store.get(OpenReassessments, { aiSystemId: system.id, scope: 'RISK' })).not.toBeNull();
  });

  it('I5 later changes append triggers to the open request instead of opening another', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await updateAiSystem(
      manager,
      { id: system.id, expectedVersion: 1, dataProcessed: ['Order history'] },
      deps,
    );
    await updateAiSystem(
      manager,
      {
        id: system.id,
        expectedVersion: 2,
        provenance: 'THIRD_PARTY_API',
        vendor: { name: 'LLM Co' },
        affectedStakeholders: ['Minors'],
      },
      deps,
    );
    expect(requests()).toHaveLength(2);
    expect(
      requests()
        .find((r) => r.scope === 'IMPACT')
        ?.triggers.map((t) => t.changes),
    ).toEqual([['DATA'], ['MODEL_OR_VENDOR', 'USER_POPULATION']]);
  });

  it('R14 a change that is not significant (name, description) opens nothing', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await updateAiSystem(
      manager,
      { id: system.id, expectedVersion: 1, name: 'Helpdesk bot', description: 'New text' },
      deps,
    );
    expect(requests()).toHaveLength(0);
  });

  it('R14 the RISK request is resolved with a note by an appointed AI risk owner or AIMS manager, never a consultant', async () => {
    const system = await registerAiSystem(manager, base, deps);
    await updateAiSystem(manager, { id: system.id, expectedVersion: 1, lifecycleStage: 'DEPLOYMENT' }, deps);
    const risk = requests().find((r) => r.scope === 'RISK');
    if (!risk) throw new Error('no RISK request');
    const input = {
      id: risk.id,
      expectedVersion: 1,
      note: 'Re-scored the three linked risks; no change in band',
    };
    const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
    await expect(resolveRiskReassessment(consultant, input, deps)).rejects.toThrow(ForbiddenError);
    await expect(resolveRiskReassessment(manager, input, deps)).rejects.toThrow(ForbiddenError);
    await repo.store.commit([
      put(
        Appointments,
        {
          id: 'ap1',
          tenantId: 't1',
          userId: 'u-manager',
          kind: 'AIMS_MANAGER',
          subjectRef: null,
          committeeFunction: null,
          responsibilities: ['Runs the AIMS'],
          authorities: [],
          appointedBy: 'u-top',
          appointedAt: '2026-01-01T00:00:00.000Z',
          acceptedAt: '2026-01-02T00:00:00.000Z',
          endedAt: null,
          endReason: null,
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-02T00:00:00.000Z',
        } as never,
        'absent',
      ),
    ]);
    await expect(resolveRiskReassessment(manager, { ...input, note: 'short' }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'note'] }],
    });
    const resolved = await resolveRiskReassessment(manager, input, deps);
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolvedBy: 'u-manager',
      resolutionNote: input.note,
      version: 2,
    });
    expect(await repo.store.get(OpenReassessments, { aiSystemId: system.id, scope: 'RISK' })).toBeNull();
    expect(await repo.store.get(ReassessmentRequests, { id: risk.id })).toMatchObject({ status: 'RESOLVED' });
    // The next significant change opens a new RISK request; the IMPACT one is still the same open one.
    await updateAiSystem(manager, { id: system.id, expectedVersion: 2, lifecycleStage: 'USE' }, deps);
    expect(requests().filter((r) => r.scope === 'RISK')).toHaveLength(2);
    expect(requests().filter((r) => r.scope === 'IMPACT')).toHaveLength(1);
  });
});
