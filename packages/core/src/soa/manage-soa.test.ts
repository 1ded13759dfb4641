import { beforeEach, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS } from '../annex-a/catalogue';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { editImpactAssessment, startImpactAssessment } from '../impact/manage-impact-assessments';
import { registerAiSystem } from '../inventory/register-ai-system';
import { seedDefaultMethodology } from '../risk/manage-methodology';
import { createRisk, treatRisk } from '../risk/manage-risks';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import type { Write } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  approveSoa,
  getApprovedSoa,
  getSoa,
  type SoaDeps,
  soaConsistency,
  updateSoaEntry,
} from './manage-soa';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const committee: TenantScope = { tenantId: T, actorId: 'u-committee', role: 'COMMITTEE_MEMBER' };
const consultant: TenantScope = { tenantId: T, actorId: 'u-consultant', role: 'CONSULTANT' };
const members = new Set(['u-manager', 'u-committee', 'u-consultant', 'u-risk']);

/** An in-memory store that can run something just before its next commit: a concurrent writer. */
class RacingStore extends InMemoryTenantStore {
  beforeNextCommit: (() => Promise<unknown>) | null = null;
  override async commit(writes: readonly Write[]) {
    const race = this.beforeNextCommit;
    this.beforeNextCommit = null;
    if (race) await race();
    return super.commit(writes);
  }
}

let store: RacingStore;
let deps: SoaDeps & { memberRole: (id: string) => Promise<TenantScope['role'] | null> };
let system: string;

beforeEach(async () => {
  store = new RacingStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async (id) => members.has(id),
    memberRole: async (id) =>
      id === 'u-consultant' ? 'CONSULTANT' : members.has(id) ? 'AIMS_MANAGER' : null,
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
  system = (
    await registerAiSystem(
      manager,
      { name: 'Chatbot', purpose: 'Answers questions', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      deps,
    )
  ).id;
});

const items = (entity: string) => [...store.table.items.values()].filter((i) => i.entity === entity);
const decide = (controlId: string, expectedVersion = 0, applicable = true) =>
  updateSoaEntry(
    manager,
    {
      controlId,
      expectedVersion,
      applicable,
      justification: applicable ? 'Needed for our AI systems' : 'Out of scope for our AI systems',
      reasons: [applicable ? 'BUSINESS' : 'NOT_RELEVANT_TO_SCOPE'],
    },
    deps,
  );
/** Decides every control (applicable unless listed), one edit each; returns the SoA version after. */
async function decideAll(excluded: string[] = []) {
  for (const c of ANNEX_A_CONTROLS) await decide(c.id, 0, !excluded.includes(c.id));
  return (await getSoa(committee, deps)).version;
}
const riskInput = (likelihood: number, impact: number) => ({
  title: `Risk ${likelihood}×${impact}`,
  category: 'SAFETY',
  ownerId: 'u-risk',
  likelihood,
  impacts: { ORGANISATION: 1, INDIVIDUALS: 1, GROUPS: 1, SOCIETY: impact },
  reviewDate: '2027-01-01',
  aiSystemIds: [system],
});

describe('getSoa', () => {
  it('returns all 38 Annex A entries with undecided defaults before any edit', async () => {
    const soa = await getSoa(committee, deps);
    expect(soa.entries).toHaveLength(38);
    expect(soa.entries.map((e) => e.controlId)).toEqual(ANNEX_A_CONTROLS.map((c) => c.id));
    expect(soa).toMatchObject({ version: 0, approvedVersion: null, tenantId: T });
    for (const e of soa.entries) {
      expect(e).toMatchObject({
        applicable: null,
        justification: null,
        reasons: [],
        implementationStatus: 'NOT_STARTED',
        linkedRiskIds: [],
        version: 0,
      });
    }
  });
});

describe('updateSoaEntry', () => {
  it('versions entries one by one: edits of two different controls at version 0 both succeed', async () => {
    await Promise.all([decide('A.2.2'), decide('A.7.4')]);
    const soa = await getSoa(committee, deps);
    expect(soa.entries.find((e) => e.controlId === 'A.2.2')).toMatchObject({ version: 1, applicable: true });
    expect(soa.entries.find((e) => e.controlId === 'A.7.4')).toMatchObject({ version: 1, applicable: true });
    expect(soa.entries.filter((e) => e.version > 0)).toHaveLength(2);
    // The head counts both edits.
    expect(soa.version).toBe(2);
    expect(items('ChangeRecord').filter((c) => c.entityType === 'SoaEntry')).toHaveLength(2);
  });

  it('refuses the same control twice at version 0 with CONFLICT', async () => {
    await decide('A.2.2');
    const error = await decide('A.2.2', 0, false).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.extensions).toMatchObject({ reason: 'VERSION_MISMATCH', currentVersion: 1 });
    const soa = await getSoa(committee, deps);
    expect(soa.entries.find((e) => e.controlId === 'A.2.2')).toMatchObject({ applicable: true, version: 1 });
    expect(soa.version).toBe(1);
  });

  it('refuses two concurrent first edits of the same control as a version mismatch', async () => {
    const results = await Promise.allSettled([decide('A.2.2'), decide('A.2.2', 0, false)]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH', currentVersion: 1 },
    });
    expect((await getSoa(committee, deps)).version).toBe(1);
  });

  it('S4 X-11 refuses OPERATING_EFFECTIVELY set by hand: it will come from internal-audit conclusions', async () => {
    await decide('A.6.2.4');
    const error = await updateSoaEntry(
      manager,
      {
        controlId: 'A.6.2.4',
        expectedVersion: 1,
        implementationStatus: 'OPERATING_EFFECTIVELY',
        evidenceRefs: ['Audit 7'],
      },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual([
      { path: ['input', 'implementationStatus'], message: expect.stringMatching(/internal-audit/) },
    ]);
    await expect(
      updateSoaEntry(
        manager,
        {
          controlId: 'A.6.2.4',
          expectedVersion: 1,
          implementationStatus: 'IMPLEMENTED',
          evidenceRefs: ['Runbook'],
        },
        deps,
      ),
    ).resolves.toMatchObject({ version: 2 });
  });

  it('refuses an implementation status on an excluded control and unknown linked risks', async () => {
    await expect(
      updateSoaEntry(
        manager,
        { controlId: 'A.2.2', expectedVersion: 0, applicable: false, implementationStatus: 'PLANNED' },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'implementationStatus'] }] });
    await expect(
      updateSoaEntry(manager, { controlId: 'A.2.2', expectedVersion: 0, linkedRiskIds: ['ghost'] }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'linkedRiskIds'] }] });
    expect(items('SoaEntry')).toHaveLength(0);
  });
});

describe('soaConsistency', () => {
  it('finds an excluded control a live treatment relies on, from the link items', async () => {
    const risk = await createRisk(manager, riskInput(2, 3), deps);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    await decide('A.7.4', 0, false);
    const findings = await soaConsistency(committee, deps);
    expect(findings.filter((f) => f.code === 'EXCLUDED_CONTROL_RELIED_ON')).toEqual([
      expect.objectContaining({ controlId: 'A.7.4', riskId: risk.id, severity: 'HIGH' }),
    ]);
    expect(findings.find((f) => f.code === 'EXCLUDED_CONTROL_RELIED_ON')?.explanation).toContain(risk.title);
  });

  it('finds gaps and above-threshold risks whose only controls are excluded, until an applicable entry covers them', async () => {
    const gap = await createRisk(manager, riskInput(4, 4), deps);
    const mitigated = await createRisk(manager, riskInput(5, 4), deps);
    const within = await createRisk(manager, riskInput(1, 2), deps);
    await treatRisk(
      manager,
      {
        id: mitigated.id,
        expectedVersion: 1,
        treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4'] }],
      },
      deps,
    );
    await decide('A.6.2.4', 0, false);
    const uncovered = async () =>
      (await soaConsistency(committee, deps))
        .filter((f) => f.code === 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL')
        .map((f) => f.riskId)
        .sort();
    expect(await uncovered()).toEqual([gap.id, mitigated.id].sort());
    expect(await uncovered()).not.toContain(within.id);

    await updateSoaEntry(
      manager,
      {
        controlId: 'A.5.2',
        expectedVersion: 0,
        applicable: true,
        justification: 'Assesses the impacts of our systems',
        linkedRiskIds: [gap.id],
      },
      deps,
    );
    expect(await uncovered()).toEqual([mitigated.id]);
    await decide('A.6.2.4', 1, true);
    expect(await uncovered()).toEqual([]);
  });
});

describe('soaConsistency against the inventory', () => {
  it('EXCLUSION_CONTRADICTS_INVENTORY reads the AI systems through the store: A.4.4 excluded beside an INTERNAL system in use', async () => {
    await decide('A.4.4', 0, false);
    const findings = await soaConsistency(committee, deps);
    expect(findings.filter((f) => f.code === 'EXCLUSION_CONTRADICTS_INVENTORY')).toEqual([
      expect.objectContaining({
        controlId: 'A.4.4',
        severity: 'HIGH',
        explanation: expect.stringContaining('Chatbot'),
      }),
    ]);
  });
});

describe('soaConsistency against the impact assessments', () => {
  it('HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED follows the latest revision classed HIGH, and stays quiet without one', async () => {
    await decide('A.9.2', 0, false);
    const oversight = async () =>
      (await soaConsistency(committee, deps))
        .filter((f) => f.code === 'HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED')
        .map((f) => f.controlId);
    expect(await oversight()).toEqual([]);
    const draft = await startImpactAssessment(manager, system, deps);
    await editImpactAssessment(
      manager,
      { id: draft.id, expectedVersion: draft.version, euAiActClass: 'HIGH' },
      deps,
    );
    expect(await oversight()).toEqual(['A.9.2']);
  });
});

describe('approveSoa', () => {
  it('needs every control decided and justified', async () => {
    await decide('A.2.2');
    const error = await approveSoa(committee, { expectedVersion: 1 }, deps).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('A.2.3');
    expect(error.message).not.toContain('A.2.2,');
    expect(items('ApprovedSoa')).toHaveLength(0);
  });

  it('freezes the entries with the relying risks added to linkedRiskIds; getApprovedSoa returns the frozen copy', async () => {
    const risk = await createRisk(manager, riskInput(2, 3), deps);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    const version = await decideAll(['A.10.4']);
    expect(version).toBe(38);
    const approved = await approveSoa(committee, { expectedVersion: version }, deps);
    expect(approved).toMatchObject({ number: 1, approvedBy: 'u-committee', soaVersion: 38 });
    expect(approved.entries).toHaveLength(38);
    expect(approved.entries.find((e) => e.controlId === 'A.7.4')?.linkedRiskIds).toEqual([risk.id]);
    expect(approved.entries.filter((e) => e.linkedRiskIds.length)).toHaveLength(1);

    const working = await getSoa(committee, deps);
    expect(working).toMatchObject({ approvedVersion: 1, version: 39 });
    // The working copy keeps its own links; only the frozen copy names the relying risks.
    expect(working.entries.find((e) => e.controlId === 'A.7.4')?.linkedRiskIds).toEqual([]);

    await decide('A.10.4', 1, true);
    const frozen = await getApprovedSoa(committee, null, deps);
    expect(frozen).toMatchObject({ number: 1, soaVersion: 38 });
    expect(frozen.entries.map((e) => e.controlId)).toEqual(ANNEX_A_CONTROLS.map((c) => c.id));
    expect(frozen.entries.find((e) => e.controlId === 'A.10.4')).toMatchObject({ applicable: false });
    expect(frozen.entries.find((e) => e.controlId === 'A.7.4')?.linkedRiskIds).toEqual([risk.id]);
    expect(await getApprovedSoa(committee, 1, deps)).toEqual(frozen);
    await expect(getApprovedSoa(committee, 2, deps)).rejects.toThrow(NotFoundError);
  });

  it('refuses a stale expected version with CONFLICT', async () => {
    const version = await decideAll();
    await expect(approveSoa(committee, { expectedVersion: version - 1 }, deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH', currentVersion: version },
    });
    expect(items('ApprovedSoa')).toHaveLength(0);
  });

  it('refuses with CONFLICT, writing nothing, when an entry is edited after the state it checked', async () => {
    const version = await decideAll();
    store.beforeNextCommit = () =>
      updateSoaEntry(
        consultant,
        { controlId: 'A.2.2', expectedVersion: 1, justification: 'Changed while the committee looked' },
        deps,
      );
    await expect(approveSoa(committee, { expectedVersion: version }, deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH' },
    });
    expect(items('ApprovedSoa')).toHaveLength(0);
    expect(items('ApprovedSoaEntry')).toHaveLength(0);
    expect(await getSoa(committee, deps)).toMatchObject({ version: version + 1, approvedVersion: null });
    await expect(approveSoa(committee, { expectedVersion: version + 1 }, deps)).resolves.toMatchObject({
      number: 1,
    });
  });

  it('numbers a second approval 2 and keeps the first', async () => {
    const version = await decideAll();
    await approveSoa(committee, { expectedVersion: version }, deps);
    await decide('A.10.4', 1, false);
    const second = await approveSoa(manager, { expectedVersion: version + 2 }, deps);
    expect(second.number).toBe(2);
    const a104 = (soa: { entries: { controlId: string }[] }) =>
      soa.entries.find((e) => e.controlId === 'A.10.4');
    expect(a104(await getApprovedSoa(committee, 1, deps))).toMatchObject({ applicable: true });
    expect(a104(await getApprovedSoa(committee, null, deps))).toMatchObject({ applicable: false });
  });

  it('is a governance decision: a consultant may edit but not approve', async () => {
    const version = await decideAll();
    await expect(approveSoa(consultant, { expectedVersion: version }, deps)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  describe('X-9 HIGH findings block approval unless the committee waives them', () => {
    const waiver = {
      code: 'MANDATORY_PROCESS_CONTROL_EXCLUDED',
      controlId: 'A.2.2',
      reason: 'Group AI policy covers us until our own is adopted in Q3',
    };
    async function seat(userId: string) {
      const a = await appoint(
        manager,
        { kind: 'COMMITTEE_MEMBER', userId, committeeFunction: 'LEGAL' },
        deps,
      );
      await acceptAppointment({ ...committee, actorId: userId }, { id: a.id, expectedVersion: 1 }, deps);
    }

    it('S1 X-9 refuses approval with an open HIGH finding, naming its code and control', async () => {
      const version = await decideAll(['A.2.2']);
      const error = await approveSoa(committee, { expectedVersion: version }, deps).catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.extensions).toMatchObject({
        reason: 'INVALID_STATE',
        findings: [{ code: 'MANDATORY_PROCESS_CONTROL_EXCLUDED', controlId: 'A.2.2', riskId: null }],
      });
      expect(error.message).toContain('MANDATORY_PROCESS_CONTROL_EXCLUDED A.2.2');
      expect(items('ApprovedSoa')).toHaveLength(0);
    });

    it("X-9 accepts a committee member's waiver and stores it with the approved version", async () => {
      await seat('u-committee');
      const version = await decideAll(['A.2.2']);
      const approved = await approveSoa(committee, { expectedVersion: version, waivers: [waiver] }, deps);
      expect(approved.waivers).toEqual([{ ...waiver, riskId: null, grantedBy: 'u-committee' }]);
      expect((await getApprovedSoa(committee, 1, deps)).waivers).toEqual(approved.waivers);
    });

    it('X-9 refuses a waiver from an approver without an active committee appointment', async () => {
      await seat('u-committee');
      const version = await decideAll(['A.2.2']);
      // The AIMS manager may approve, but is not on the committee.
      await expect(
        approveSoa(manager, { expectedVersion: version, waivers: [waiver] }, deps),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // An appointment not yet accepted does not count either.
      await appoint(
        manager,
        { kind: 'COMMITTEE_CHAIR', userId: 'u-manager', committeeFunction: 'EXECUTIVE' },
        deps,
      );
      await expect(
        approveSoa(manager, { expectedVersion: version, waivers: [waiver] }, deps),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(items('ApprovedSoa')).toHaveLength(0);
    });

    it('X-9 refuses a waiver that matches no open HIGH finding', async () => {
      await seat('u-committee');
      const version = await decideAll(['A.2.2']);
      await expect(
        approveSoa(
          committee,
          { expectedVersion: version, waivers: [waiver, { ...waiver, controlId: 'A.3.2' }] },
          deps,
        ),
      ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'waivers', 1] }] });
    });
  });
});
