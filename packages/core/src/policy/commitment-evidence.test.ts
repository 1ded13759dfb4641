import { beforeEach, describe, expect, it } from 'vitest';
import { ScopeStatements } from '../context/model';
import type { ScopeStatement } from '../context/scope-statement';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { createCommittee } from '../governance/create-committee';
import { recordCommitteeMeeting } from '../governance/record-committee-meeting';
import { ApprovedTreatmentPlans, TreatmentPlanHeads } from '../plan/model';
import { defaultMethodology } from '../risk/methodology';
import { Methodologies } from '../risk/model';
import { ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import { ApprovedSoaHeads, SoaHeads } from '../soa/model';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { approvePolicy } from './approve-policy';
import { commitmentEvidence } from './commitment-evidence';
import { FULL_SECTIONS } from './fixtures.test-support';
import { createPolicyDocument, transitionPolicy } from './manage-policies';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-cleo': 'VIEWER',
  'u-ada': 'COMMITTEE_MEMBER',
};
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');

let store: InMemoryTenantStore;
let now: Date;
let n: number;
const deps = () => ({
  store,
  clock: { now: () => now },
  ids: { next: () => `ev-${++n}` },
  memberRole: async (id: string) => roles[id] ?? null,
});

async function appointAccepted(kind: string, userId: string, extra: Record<string, unknown> = {}) {
  const a = await appoint(manager, { kind, userId, ...extra }, deps());
  await acceptAppointment(as(userId), { id: a.id, expectedVersion: 1 }, deps());
}

async function approvedPolicy() {
  const d = await createPolicyDocument(
    manager,
    { kind: 'AI_POLICY', title: 'AI policy', sections: FULL_SECTIONS },
    deps(),
  );
  const r = await transitionPolicy(
    manager,
    { documentId: d.id, expectedVersion: d.version, status: 'IN_REVIEW' },
    deps(),
  );
  return approvePolicy(
    as('u-cleo'),
    { documentId: d.id, expectedVersion: r.version, appropriateToPurposeAttested: true },
    deps(),
  );
}

beforeEach(async () => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-01-10T09:00:00.000Z');
  n = 0;
  await appointAccepted('TOP_MANAGEMENT', 'u-cleo');
  await appointAccepted('COMMITTEE_CHAIR', 'u-ada', { committeeFunction: 'EXECUTIVE' });
});

describe('§3.2.2 commitmentEvidence (5.1)', () => {
  it('§3.2.2 lists policy approvals and committee attendance by TOP_MANAGEMENT appointees, with counts', async () => {
    await approvedPolicy();
    const committee = await createCommittee(manager, { name: 'AI committee', cadenceMonths: 3 }, deps());
    now = new Date('2026-02-10T09:00:00.000Z');
    await recordCommitteeMeeting(
      manager,
      {
        committeeId: committee.id,
        heldOn: '2026-02-09',
        attendees: ['u-cleo', 'u-ada'],
        agenda: ['Policy'],
        minutesRef: 'MIN-1',
      },
      deps(),
    );
    const evidence = await commitmentEvidence(manager, {}, deps());
    expect(evidence).toMatchObject({
      from: '2025-02-10',
      to: '2026-02-10',
      total: 2,
      gaps: [],
      truncated: false,
    });
    expect(evidence.items.map((i) => [i.source, i.userId])).toEqual([
      ['COMMITTEE_ATTENDANCE', 'u-cleo'],
      ['POLICY_APPROVAL', 'u-cleo'],
    ]);
    expect(evidence.counts).toContainEqual({ source: 'POLICY_APPROVAL', count: 1 });
    expect(evidence.counts).toContainEqual({ source: 'COMMITTEE_ATTENDANCE', count: 1 });
  });

  it('§3.2.2 counts risk methodology and SoA approvals by TOP_MANAGEMENT, not those by other people', async () => {
    const at = '2026-01-10T12:00:00.000Z'; // after Cleo's appointment: earlier acts are not hers as top management
    await store.commit([
      put(Methodologies, defaultMethodology('t1', '2025-12-01T09:00:00.000Z', 'u-manager'), 'absent'),
      put(
        Methodologies,
        { ...defaultMethodology('t1', at, 'u-manager'), version: 2, approvedBy: 'u-cleo', approvedAt: at },
        'absent',
      ),
      put(SoaHeads, { tenantId: 't1', version: 3, approvedVersion: 2, updatedAt: at }, 'any'),
      ...[1, 2].map((number) =>
        put(
          ApprovedSoaHeads,
          {
            tenantId: 't1',
            number,
            catalogueVersion: '2023',
            approvedBy: number === 2 ? 'u-cleo' : 'u-ada',
            approvedAt: at,
            soaVersion: number,
            riskRegisterChangedAt: null,
            methodologyVersion: 2,
            openRiskCount: 0,
            waivers: [],
          },
          'absent',
        ),
      ),
    ]);
    now = new Date('2026-01-11T09:00:00.000Z');
    const evidence = await commitmentEvidence(manager, {}, deps());
    expect(evidence.items.map((i) => [i.source, i.subjectId, i.userId])).toEqual([
      ['RISK_METHODOLOGY_APPROVAL', '2', 'u-cleo'],
      ['SOA_APPROVAL', '2', 'u-cleo'],
    ]);
  });

  it('§3.2.2 zero items in 12 months gives NO_TOP_MANAGEMENT_EVIDENCE', async () => {
    await approvedPolicy();
    now = new Date('2027-01-11T09:00:00.000Z');
    const evidence = await commitmentEvidence(manager, {}, deps());
    expect(evidence).toMatchObject({ total: 0, gaps: ['NO_TOP_MANAGEMENT_EVIDENCE'] });
    const older = await commitmentEvidence(manager, { from: '2026-01-01', to: '2026-01-31' }, deps());
    expect(older.total).toBe(1);
  });

  it('§3.2.2 a period with from after to is BAD_USER_INPUT at period.from', async () => {
    const error = await commitmentEvidence(manager, { from: '2026-02-01', to: '2026-01-01' }, deps()).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors[0].path).toEqual(['period', 'from']);
  });
});

describe('§3.2.2 commitmentEvidence: scope and treatment-plan approvals (5.1)', () => {
  const scopeEdition = (number: number, by: string, at: string): ScopeStatement => ({
    id: `scope-${number}`,
    tenantId: 't1',
    number,
    text: 'The AIMS covers the triage assistant.',
    inScope: { aiSystemIds: [], processes: [], orgUnits: [], locations: [] },
    exclusions: [],
    interfacesAndDependencies: [],
    status: 'APPROVED',
    authorIds: ['u-manager'],
    approval: { by, role: 'TOP_MANAGEMENT', at, comment: null },
    supersededAt: null,
    createdBy: 'u-manager',
    version: 3,
    createdAt: at,
    updatedAt: at,
  });
  const plan = (number: number, by: string, at: string, kind: 'TOP_MANAGEMENT' | 'COMMITTEE_CHAIR') =>
    put(
      ApprovedTreatmentPlans,
      {
        tenantId: 't1',
        number,
        planVersion: number * 2,
        approval: { by, appointmentKind: kind, at, comment: null },
        actions: [],
      },
      'absent',
    );

  it('§3.2.2 scope approvals by a TOP_MANAGEMENT appointee are evidence (SCOPE_APPROVAL)', async () => {
    await store.commit([
      put(ScopeStatements, scopeEdition(1, 'u-cleo', '2026-01-10T12:00:00.000Z'), 'absent'),
      put(ScopeStatements, { ...scopeEdition(2, 'u-cleo', ''), status: 'DRAFT', approval: null }, 'absent'),
    ]);
    const evidence = await commitmentEvidence(manager, {}, deps());
    expect(evidence.items).toEqual([
      expect.objectContaining({
        source: 'SCOPE_APPROVAL',
        userId: 'u-cleo',
        subjectType: 'ScopeStatement',
        subjectId: 'scope-1',
      }),
    ]);
    expect(evidence.counts).toContainEqual({ source: 'SCOPE_APPROVAL', count: 1 });
  });

  it('§3.2.2 treatment-plan approvals count only when the approver is a TOP_MANAGEMENT appointee', async () => {
    await store.commit([
      put(
        TreatmentPlanHeads,
        { tenantId: 't1', version: 4, approvedNumber: 2, approvedAtVersion: 4, updatedAt: '' },
        'any',
      ),
      plan(1, 'u-ada', '2026-01-10T12:00:00.000Z', 'COMMITTEE_CHAIR'),
      plan(2, 'u-cleo', '2026-01-11T12:00:00.000Z', 'TOP_MANAGEMENT'),
    ]);
    now = new Date('2026-01-12T09:00:00.000Z');
    const evidence = await commitmentEvidence(manager, {}, deps());
    expect(evidence.items.map((i) => [i.source, i.userId, i.subjectId])).toEqual([
      ['TREATMENT_PLAN_APPROVAL', 'u-cleo', 'plan-v2'],
    ]);
    expect(evidence.counts).toContainEqual({ source: 'TREATMENT_PLAN_APPROVAL', count: 1 });
    expect(evidence.gaps).toEqual([]);
  });
});
