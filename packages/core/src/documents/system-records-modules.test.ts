// The sources the modules contribute to the register (§3.6.4, §3.13 D-01…D-14):
// their approvals are the register's approvals, their reads are key-served.
import { beforeEach, describe, expect, it } from 'vitest';
import { ScopeHeads, ScopeStatements } from '../context/model';
import { scopeSource } from '../context/scope-record-source';
import type { ScopeStatement } from '../context/scope-statement';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { AiObjectives } from '../objectives/model';
import type { AiObjective } from '../objectives/objective';
import { objectivesSource } from '../objectives/objective-record-source';
import { AiOpportunities } from '../opportunity/model';
import type { AiOpportunity } from '../opportunity/opportunity';
import { ApprovedTreatmentPlans, TreatmentActions, TreatmentPlanHeads } from '../plan/model';
import {
  riskAndOpportunityActionsSource,
  treatmentPlanSource,
  treatmentResultsSource,
} from '../plan/plan-record-sources';
import type { TreatmentAction } from '../plan/treatment-action';
import { approvePolicy } from '../policy/approve-policy';
import { FULL_SECTIONS } from '../policy/fixtures.test-support';
import { createPolicyDocument, createPolicyVersion, transitionPolicy } from '../policy/manage-policies';
import { aiPolicySource, topicPolicySource } from '../policy/policy-record-sources';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import { competenceSource } from '../support/competence-record-source';
import { CompetenceRecords } from '../support/model';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';

const roles: Record<string, Role> = { 'u-manager': 'AIMS_MANAGER', 'u-cleo': 'VIEWER' };
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');
const at = '2026-03-01T10:00:00.000Z';

let table: InMemoryTable;
let store: InMemoryTenantStore;
let n = 0;
const deps = () => ({
  store,
  clock: { now: () => new Date(at) },
  ids: { next: () => `id-${++n}` },
  memberRole: async (id: string) => roles[id] ?? null,
});

beforeEach(() => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
});

const edition = (number: number, extra: Partial<ScopeStatement> = {}): ScopeStatement => ({
  id: `scope-${number}`,
  tenantId: 't1',
  number,
  text: 'The AIMS covers the triage assistant.',
  inScope: { aiSystemIds: [], processes: [], orgUnits: [], locations: [] },
  exclusions: [],
  interfacesAndDependencies: [],
  status: 'APPROVED',
  authorIds: ['u-manager'],
  approval: { by: 'u-cleo', role: 'TOP_MANAGEMENT', at, comment: null },
  supersededAt: null,
  createdBy: 'u-manager',
  version: 3,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

const action = (id: string, extra: Partial<TreatmentAction> = {}): TreatmentAction => ({
  id,
  tenantId: 't1',
  title: `Action ${id}`,
  riskId: 'r-1',
  controlId: null,
  ownerId: 'u-manager',
  dueDate: '2026-04-01',
  progress: 0,
  completedAt: null,
  resources: null,
  cancellation: null,
  effectivenessCheck: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
  ...extra,
});

describe('§3.13 D-01 scope of the AIMS', () => {
  it('§3.13 D-01 the approved edition is APPROVED with its top-management approval; an open edition shows as a draft', async () => {
    expect(await scopeSource.records(store)).toEqual([]);
    await store.commit([
      put(ScopeStatements, edition(1), 'absent'),
      put(ScopeStatements, edition(2, { status: 'IN_REVIEW', approval: null }), 'absent'),
      put(ScopeHeads, { lastNumber: 2, openId: 'scope-2', approvedId: 'scope-1', version: 3 }, 'absent'),
    ]);
    expect(await scopeSource.records(store)).toEqual([
      expect.objectContaining({
        id: 'scope:scope-1',
        mandatoryRef: 'D-01',
        type: 'SCOPE',
        status: 'APPROVED',
        revision: '1',
        approvedBy: 'u-cleo',
        approvedAt: at,
        entityRef: { entityType: 'ScopeStatement', entityId: 'scope-1' },
      }),
      expect.objectContaining({ id: 'scope:scope-2', status: 'IN_REVIEW', approvedBy: null }),
    ]);
  });
});

describe('§3.13 D-02 AI policy and D-11 topic policies', () => {
  async function approvedPolicy(kind: 'AI_POLICY' | 'TOPIC_POLICY', title: string) {
    const d = await createPolicyDocument(manager, { kind, title, sections: FULL_SECTIONS }, deps());
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
    const a = await appoint(manager, { kind: 'TOP_MANAGEMENT', userId: 'u-cleo' }, deps());
    await acceptAppointment(as('u-cleo'), { id: a.id, expectedVersion: 1 }, deps());
  });

  it('§3.13 D-02 the approved AI policy version is APPROVED with its approval; published, a new draft version shows beside it', async () => {
    const approved = await approvedPolicy('AI_POLICY', 'AI policy');
    expect(await aiPolicySource.records(store)).toEqual([
      expect.objectContaining({
        id: `ai-policy:${approved.id}/v1`,
        mandatoryRef: 'D-02',
        type: 'POLICY',
        status: 'APPROVED',
        revision: '1',
        approvedBy: 'u-cleo',
      }),
    ]);
    const published = await transitionPolicy(
      manager,
      { documentId: approved.id, expectedVersion: approved.version, status: 'PUBLISHED' },
      deps(),
    );
    await createPolicyVersion(
      manager,
      { documentId: approved.id, expectedVersion: published.version },
      deps(),
    );
    expect((await aiPolicySource.records(store)).map((r) => [r.revision, r.status, r.approvedBy])).toEqual([
      ['1', 'APPROVED', 'u-cleo'],
      ['2', 'DRAFT', null],
    ]);
  });

  it('§3.13 D-11 topic policies are D-11 POLICY records, never counted as the AI policy', async () => {
    const topic = await approvedPolicy('TOPIC_POLICY', 'Data quality policy');
    expect(await aiPolicySource.records(store)).toEqual([]);
    expect(await topicPolicySource.records(store)).toEqual([
      expect.objectContaining({
        id: `topic-policy:${topic.id}/v1`,
        mandatoryRef: 'D-11',
        type: 'POLICY',
        status: 'APPROVED',
      }),
    ]);
  });
});

describe('§3.13 D-03 AI objectives', () => {
  it('§3.13 D-03 ACTIVE objectives are one RECORDED record set; drafts do not count', async () => {
    const objective = (id: string, status: AiObjective['status']) =>
      ({
        id,
        tenantId: 't1',
        title: `Objective ${id}`,
        kind: 'RESPONSIBLE_USE',
        policyElementRef: null,
        measure: { kpiId: 'K-IMPACT-COVERAGE', manualMetric: null, notPracticableJustification: null },
        baseline: 0,
        target: 100,
        direction: 'INCREASE',
        dueOn: '2026-07-01',
        ownerAppointmentId: 'a-1',
        plan: { what: 'w', resources: 'r', responsible: 'p', when: 'q', evaluationMethod: 'e' },
        status,
        current: null,
        communicatedOn: null,
        lastReviewedOn: null,
        createdBy: 'u-manager',
        version: 1,
        createdAt: at,
        updatedAt: at,
      }) as AiObjective;
    await store.commit([put(AiObjectives, objective('o-1', 'DRAFT'), 'absent')]);
    expect(await objectivesSource.records(store)).toEqual([]);
    await store.commit([
      put(AiObjectives, objective('o-2', 'ACTIVE'), 'absent'),
      put(AiObjectives, objective('o-3', 'ACTIVE'), 'absent'),
    ]);
    expect(await objectivesSource.records(store)).toEqual([
      expect.objectContaining({
        id: 'ai-objectives:active',
        mandatoryRef: 'D-03',
        status: 'RECORDED',
        title: 'AI objectives (2 active)',
        updatedAt: at,
      }),
    ]);
  });
});

describe('§3.13 D-04 actions on risks and opportunities', () => {
  it('§3.13 D-04 is RECORDED once a risk treatment or an opportunity action exists', async () => {
    expect(await riskAndOpportunityActionsSource.records(store)).toEqual([]);
    const opportunity = {
      id: 'opp-1',
      tenantId: 't1',
      title: 'Faster triage',
      description: null,
      sourceIssueId: null,
      aiSystemIds: [],
      benefit: 4,
      feasibility: 3,
      priority: 12,
      action: { plan: 'Pilot', ownerId: 'u-manager', dueOn: '2026-05-01' },
      status: 'PLANNED',
      evaluation: null,
      rejection: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    } as AiOpportunity;
    await store.commit([put(AiOpportunities, opportunity, 'absent')]);
    expect(await riskAndOpportunityActionsSource.records(store)).toEqual([
      expect.objectContaining({
        id: 'risk-opportunity-actions:actions',
        mandatoryRef: 'D-04',
        status: 'RECORDED',
      }),
    ]);
  });
});

describe('§3.13 D-08 the treatment plan carries its own approval (X-12)', () => {
  const approvedPlan = (number: number) =>
    put(
      ApprovedTreatmentPlans,
      {
        tenantId: 't1',
        number,
        planVersion: 3,
        approval: { by: 'u-cleo', appointmentKind: 'TOP_MANAGEMENT' as const, at, comment: null },
        actions: [{ id: 'a-1', version: 1 }],
      },
      'absent',
    );

  it('§3.13 D-08 before any approval the plan is a DRAFT; approved and unchanged it is APPROVED with its approver', async () => {
    expect(await treatmentPlanSource.records(store)).toEqual([]);
    const head = { tenantId: 't1', version: 3, approvedNumber: null, approvedAtVersion: null, updatedAt: at };
    await store.commit([put(TreatmentPlanHeads, head, 'any')]);
    expect((await treatmentPlanSource.records(store)).map((r) => [r.revision, r.status])).toEqual([
      ['1', 'DRAFT'],
    ]);
    await store.commit([
      put(TreatmentPlanHeads, { ...head, approvedNumber: 1, approvedAtVersion: 3 }, 'any'),
      approvedPlan(1),
    ]);
    expect(await treatmentPlanSource.records(store)).toEqual([
      expect.objectContaining({
        id: 'treatment-plan:plan-v1',
        mandatoryRef: 'D-08',
        type: 'PLAN',
        status: 'APPROVED',
        revision: '1',
        approvedBy: 'u-cleo',
        approvedAt: at,
      }),
    ]);
  });

  it('§3.13 D-08 edited since its approval the plan is a DRAFT and the approved version shows superseded', async () => {
    await store.commit([
      put(
        TreatmentPlanHeads,
        { tenantId: 't1', version: 5, approvedNumber: 1, approvedAtVersion: 3, updatedAt: at },
        'any',
      ),
      approvedPlan(1),
    ]);
    expect((await treatmentPlanSource.records(store)).map((r) => [r.revision, r.status])).toEqual([
      ['1', 'OBSOLETE'],
      ['2', 'DRAFT'],
    ]);
  });

  it('§3.13 D-08 reads the head and one approved version by key, never a query', async () => {
    await store.commit([
      put(
        TreatmentPlanHeads,
        { tenantId: 't1', version: 3, approvedNumber: 1, approvedAtVersion: 3, updatedAt: at },
        'any',
      ),
      approvedPlan(1),
    ]);
    const before = table.calls.query;
    await treatmentPlanSource.records(store);
    expect(table.calls.query).toBe(before);
  });
});

describe('§3.13 D-10 evidence of competence', () => {
  it('§3.13 D-10 is RECORDED once a competence record exists', async () => {
    expect(await competenceSource.records(store)).toEqual([]);
    await store.commit([
      put(
        CompetenceRecords,
        {
          id: 'c-1',
          tenantId: 't1',
          userId: 'u-manager',
          area: 'AI_RISK_METHOD',
          level: 3,
          basis: 'TRAINING',
          evidenceRef: 'CERT-1',
          assessedBy: 'u-cleo',
          assessedOn: '2026-02-01',
          validUntil: null,
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
        'absent',
      ),
    ]);
    expect(await competenceSource.records(store)).toEqual([
      expect.objectContaining({ id: 'competence:register', mandatoryRef: 'D-10', status: 'RECORDED' }),
    ]);
  });
});

describe('§3.13 D-14 results of risk treatments', () => {
  it('§3.13 D-14 is RECORDED once an effectiveness check has a result; planned checks do not count', async () => {
    const check = { method: 'Sample 20 decisions', dueOn: '2026-05-01', by: null, at: null, notes: null };
    await store.commit([
      put(TreatmentActions, action('a-1', { effectivenessCheck: { ...check, result: null } }), 'absent'),
    ]);
    expect(await treatmentResultsSource.records(store)).toEqual([]);
    const checkedAt = '2026-05-02T09:00:00.000Z';
    await store.commit([
      put(
        TreatmentActions,
        action('a-2', {
          effectivenessCheck: { ...check, result: 'EFFECTIVE', by: 'u-manager', at: checkedAt },
        }),
        'absent',
      ),
    ]);
    expect(await treatmentResultsSource.records(store)).toEqual([
      expect.objectContaining({
        id: 'treatment-results:results',
        mandatoryRef: 'D-14',
        status: 'RECORDED',
        title: 'Results of AI risk treatments (effectiveness checks) (1 checked)',
        updatedAt: checkedAt,
      }),
    ]);
  });
});
