import { beforeEach, describe, expect, it } from 'vitest';
import { createContextIssue } from '../../context/manage-context';
import { createScopeStatement } from '../../context/manage-scope';
import { PROCEDURE_KINDS, type ProcedureKind } from '../../documents/controlled-document';
import {
  approveControlledDocument,
  createControlledDocument,
  transitionControlledDocument,
} from '../../documents/manage-documents';
import { acceptAppointment } from '../../governance/accept-appointment';
import { appoint } from '../../governance/appoint';
import { registerAiSystem } from '../../inventory/register-ai-system';
import { approvePolicy } from '../../policy/approve-policy';
import { FULL_SECTIONS } from '../../policy/fixtures.test-support';
import { acknowledgePolicy, createPolicyDocument, transitionPolicy } from '../../policy/manage-policies';
import { InMemoryTable, InMemoryTenantStore } from '../../shared/in-memory-store';
import type { StoreDeps } from '../../shared/versioned';
import { updateSoaEntry } from '../../soa/manage-soa';
import { adoptCommunicationPlanTemplate } from '../../support/manage-communication';
import type { Role } from '../../tenancy/roles';
import type { TenantScope } from '../../tenancy/tenant-scope';
import { READINESS_BANK } from '../bank';
import { scoreReadiness } from '../score';
import { countingStore } from './counting-store.test-support';
import { evidenceCaps } from './index';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const ceo: TenantScope = { tenantId: 't1', actorId: 'u-ceo', role: 'AIMS_MANAGER' };
const roles: Record<string, Role> = { 'u-manager': 'AIMS_MANAGER', 'u-ceo': 'AIMS_MANAGER' };
const today = '2026-03-01';

let table: InMemoryTable;
let store: InMemoryTenantStore;
let deps: StoreDeps;

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  let n = 0;
  deps = {
    store,
    clock: { now: () => new Date(`${today}T10:00:00.000Z`) },
    ids: { next: () => `id-${++n}` },
  };
});

/** Inventory, context issues, a draft scope and top management: four modules with records, the rest empty. */
async function someModules() {
  const systemDeps = { ...deps, isMember: async () => true };
  const triage = await registerAiSystem(
    manager,
    {
      name: 'Triage assistant',
      purpose: 'Prioritise emergency patients',
      lifecycleStage: 'DEPLOYMENT',
      provenance: 'THIRD_PARTY_API',
      vendor: { name: 'Lumen AI Ltd' },
      aiRoles: ['DEPLOYER'],
    },
    systemDeps,
  );
  await registerAiSystem(
    manager,
    {
      name: 'Readmission model',
      purpose: 'Predict readmissions',
      lifecycleStage: 'DEVELOPMENT',
      provenance: 'INTERNAL',
    },
    systemDeps,
  );
  const issue = { relevance: 5, reviewOn: '2026-09-01' };
  await createContextIssue(
    manager,
    { ...issue, title: 'EU AI Act', origin: 'EXTERNAL', category: 'REGULATORY' },
    deps,
  );
  await createContextIssue(
    manager,
    { ...issue, title: 'AI literacy', origin: 'INTERNAL', category: 'CAPABILITY' },
    deps,
  );
  await createScopeStatement(
    manager,
    {
      text: 'The AIMS covers the triage assistant in the emergency department.',
      inScope: { aiSystemIds: [triage.id], orgUnits: ['Emergency department'] },
    },
    deps,
  );
  const made = await appoint(
    manager,
    { kind: 'TOP_MANAGEMENT', userId: 'u-ceo' },
    { ...deps, memberRole: async (id: string) => roles[id] ?? null },
  );
  await acceptAppointment(
    { tenantId: 't1', actorId: 'u-ceo', role: 'AIMS_MANAGER' },
    { id: made.id, expectedVersion: 1 },
    deps,
  );
}

describe('evidenceCaps (§3.12.3 c_i)', () => {
  it('§3.12.3 a tenant without records has no caps: every item stays self-declared', async () => {
    expect((await evidenceCaps(store, today)).size).toBe(0);
  });

  it('§3.12.3 caps appear only for the modules with records (inventory, context, scope, governance)', async () => {
    await someModules();
    const caps = await evidenceCaps(store, today);
    expect([...caps.keys()].sort()).toEqual(['RQ-02', 'RQ-03', 'RQ-05', 'RQ-07', 'RQ-08', 'RQ-11', 'RQ-18']);
    expect(caps.get('RQ-02')).toMatchObject({ cap: 4 });
    // The draft scope counts both systems as in scope: one of two names a role.
    expect(caps.get('RQ-03')).toMatchObject({ cap: 2 });
    expect(caps.get('RQ-05')).toEqual({ itemId: 'RQ-05', cap: 2, basis: 'scope drafted, not approved' });
    expect(caps.get('RQ-07')).toMatchObject({ cap: 2 });
    expect(caps.get('RQ-08')).toMatchObject({ cap: 1 });
    expect(caps.get('RQ-18')).toMatchObject({ cap: 2 });
  });

  it('§3.12.3 SoA records add RQ-19 and RQ-A.<control> caps for the decided, not excluded controls', async () => {
    await someModules();
    const soaDeps = { ...deps, isMember: async () => true };
    const decide = (controlId: string, applicable: boolean, more: object = {}) =>
      updateSoaEntry(
        manager,
        {
          controlId,
          expectedVersion: 0,
          applicable,
          justification: applicable ? 'Needed for our AI systems' : 'Out of scope for our AI systems',
          reasons: [applicable ? 'BUSINESS' : 'NOT_RELEVANT_TO_SCOPE'],
          ...more,
        },
        soaDeps,
      );
    await decide('A.2.2', true, { implementationStatus: 'IMPLEMENTED', evidenceRefs: ['POL-1'] });
    await decide('A.6.2.4', true, { implementationStatus: 'PLANNED' });
    await decide('A.10.4', false);
    const caps = await evidenceCaps(store, today);
    expect(caps.get('RQ-19')).toMatchObject({ cap: 1 });
    expect(caps.get('RQ-A.2.2')).toMatchObject({ cap: 3 });
    expect(caps.get('RQ-A.6.2.4')).toMatchObject({ cap: 2 });
    expect(caps.has('RQ-A.10.4')).toBe(false);
    expect(caps.has('RQ-A.3.2')).toBe(false);
  });
});

/** A procedure document naming `kind`, written by the manager, approved by top management unless `draft`. */
async function procedure(code: string, kind: ProcedureKind, draft = false) {
  const docDeps = { ...deps, memberRole: async (id: string) => roles[id] ?? null };
  const d = await createControlledDocument(
    manager,
    {
      docCode: code,
      title: `${kind} procedure`,
      type: 'PROCEDURE',
      procedureKind: kind,
      ownerUserId: 'u-manager',
      retentionPeriod: '3 years after superseded',
      classification: 'INTERNAL',
      storage: { url: `https://intranet.example/${code}.pdf`, sha256: 'a'.repeat(64) },
    },
    docDeps,
  );
  if (draft) return;
  const inReview = await transitionControlledDocument(
    manager,
    { id: d.id, expectedVersion: d.version, status: 'IN_REVIEW' },
    docDeps,
  );
  await approveControlledDocument(ceo, { id: d.id, expectedVersion: inReview.version }, docDeps);
}

/** The AI policy approved by top management, published, and acknowledged by `readers`. */
async function publishedAiPolicy(readers: TenantScope[]) {
  const draft = await createPolicyDocument(
    manager,
    {
      kind: 'AI_POLICY',
      title: 'AI policy',
      sections: FULL_SECTIONS,
      references: [{ externalName: 'Information security policy', relation: 'ALIGNS_WITH' }],
      externalAvailability: 'ON_REQUEST',
    },
    deps,
  );
  const id = draft.id;
  const inReview = await transitionPolicy(
    manager,
    { documentId: id, expectedVersion: 1, status: 'IN_REVIEW' },
    deps,
  );
  const approved = await approvePolicy(
    ceo,
    { documentId: id, expectedVersion: inReview.version, appropriateToPurposeAttested: true },
    deps,
  );
  await transitionPolicy(
    manager,
    { documentId: id, expectedVersion: approved.version, status: 'PUBLISHED' },
    deps,
  );
  for (const reader of readers) await acknowledgePolicy(reader, { documentId: id, versionNumber: 1 }, deps);
}

describe('§3.12.3 caps of the procedures and of policy communication', () => {
  it('RQ-22 RQ-30 RQ-10 from the register, the communication plan and the published AI policy: partial first, then 4', async () => {
    await someModules();
    await procedure('PR-INC', 'INCIDENT', true);
    await publishedAiPolicy([ceo]);
    const audience = async () => ['u-manager', 'u-ceo'];
    let caps = await evidenceCaps(store, today, { policyAudience: audience });
    expect(caps.get('RQ-22')).toMatchObject({ cap: 2 });
    expect(caps.get('RQ-30')).toEqual({
      itemId: 'RQ-30',
      cap: 2,
      basis: 'no approved incident procedure; no A.8.4 incident communication in the plan',
    });
    expect(caps.get('RQ-10')).toMatchObject({ cap: 2, basis: expect.stringContaining('50 % (1 of 2)') });
    // Without the audience the acknowledgement rate is unknown: RQ-10 stays self-declared.
    expect((await evidenceCaps(store, today)).has('RQ-10')).toBe(false);

    for (const [i, kind] of PROCEDURE_KINDS.entries()) await procedure(`PR-${i}`, kind);
    await adoptCommunicationPlanTemplate(manager, { codes: ['INCIDENT_NOTIFICATIONS'] }, deps);
    caps = await evidenceCaps(store, today, { policyAudience: audience });
    expect(caps.get('RQ-22')).toMatchObject({ cap: 4 });
    expect(caps.get('RQ-30')).toMatchObject({ cap: 4 });
  });

  it('RQ-10 the published AI policy acknowledged by its whole audience, with a reference ⇒ 4', async () => {
    await someModules();
    await publishedAiPolicy([ceo, manager]);
    const caps = await evidenceCaps(store, today, { policyAudience: async () => ['u-manager', 'u-ceo'] });
    expect(caps.get('RQ-10')).toEqual({
      itemId: 'RQ-10',
      cap: 4,
      basis: 'acknowledged by 100 % (2 of 2), 1 reference(s) to other policies',
    });
  });

  it('§3.12.3 the reads of evidenceCaps do not grow with the records: one or eight procedures, one or two acknowledgements', async () => {
    const reads = async () => {
      const counted = countingStore(store);
      await evidenceCaps(counted.store, today, { policyAudience: async () => ['u-manager', 'u-ceo'] });
      return counted.reads();
    };
    const empty = await reads();
    await someModules();
    await procedure('PR-INC', 'INCIDENT');
    await publishedAiPolicy([ceo]);
    const some = await reads();
    for (const [i, kind] of PROCEDURE_KINDS.entries()) await procedure(`PR-${i}`, kind);
    await adoptCommunicationPlanTemplate(manager, {}, deps);
    const more = await reads();
    // The read budget: a new cap that adds a read updates these numbers on purpose.
    // With records: + the acknowledgements of the published AI policy, + the scope statements by id.
    // Empty: the checklist also reads the links, as a tenant has no checklist summaries before its first document.
    expect({ empty, some, more }).toEqual({ empty: 68, some: 69, more: 69 });
  });
});

describe('§3.12.3 scoring on the caps of the records', () => {
  it('§3.12.3 a tenant declaring 4 everywhere is capped by its records: overclaim above 0, only capped items verified, showstoppers from RQ-05', async () => {
    await someModules();
    const caps = await evidenceCaps(store, today);
    const answers = READINESS_BANK.filter(
      (i) => !i.id.startsWith('CM-5') && i.id !== 'RQ-18' && i.id !== 'RQ-40',
    ).map((i) => ({ itemId: i.id, value: 4 }));
    const result = scoreReadiness({
      answers,
      caps,
      context: {
        profile: { existingCertifications: [], euNexus: { hasNexus: true, operatorRoles: ['DEPLOYER'] } },
        soaExcludedControls: [],
        stage1Held: false,
      },
    });
    const rq05 = result.items.find((i) => i.itemId === 'RQ-05');
    expect(rq05).toMatchObject({ effective: 2, verified: true });
    expect(result.showstoppers).toContain('RQ-05');
    expect(result.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
    expect(result.overclaim).toBeGreaterThan(0);
    expect(result.verifiedShare).toBeGreaterThan(0);
    expect(result.verifiedShare).toBeLessThan(1);
    const unverified = result.items.filter((i) => !i.verified).map((i) => i.itemId);
    for (const id of unverified) expect(caps.has(id)).toBe(false);
  });
});
