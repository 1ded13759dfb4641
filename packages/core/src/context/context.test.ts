import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { registerAiSystem } from '../inventory/register-ai-system';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { StoreDeps } from '../shared/versioned';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { contextGaps } from './context-gaps';
import {
  createContextIssue,
  createInterestedParty,
  readContextProfile,
  updateContextIssue,
  updateContextProfile,
  updateInterestedParty,
} from './manage-context';
import {
  approveScopeStatement,
  createScopeStatement,
  readApprovedScope,
  transitionScopeStatement,
  updateScopeStatement,
} from './manage-scope';
import {
  listContextIssues,
  listInterestedParties,
  listScopeStatements,
  scopeTemplates,
} from './query-context';
import { SCOPE_TEMPLATES } from './scope-templates';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-cleo': 'COMMITTEE_MEMBER',
  'u-rafa': 'AI_RISK_OWNER',
  'u-consultant': 'CONSULTANT',
};
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const cleo: TenantScope = { tenantId: 't1', actorId: 'u-cleo', role: 'COMMITTEE_MEMBER' };
const rafa: TenantScope = { tenantId: 't1', actorId: 'u-rafa', role: 'AI_RISK_OWNER' };
const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };

let table: InMemoryTable;
let store: InMemoryTenantStore;
let deps: StoreDeps;
let now: Date;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const changes = (type: string): ChangeRecord[] =>
  [...table.items.values()]
    .filter((i) => i.entity === 'ChangeRecord')
    .map((i) => changeRecordSchema.parse(i))
    .filter((c) => c.entityType === type);
let triage: string;
let readmission: string;
let prototype: string;

async function topManagement(userId: string, role: Role) {
  const gov = { ...deps, memberRole: async (id: string) => roles[id] ?? null };
  const made = await appoint(manager, { kind: 'TOP_MANAGEMENT', userId }, gov);
  await acceptAppointment(
    { tenantId: 't1', actorId: userId, role },
    { id: made.id, expectedVersion: 1 },
    deps,
  );
}

const scopeInput = () => ({
  text: 'The AIMS covers the triage assistant and the readmission model in the hospital.',
  inScope: { aiSystemIds: [triage, readmission], orgUnits: ['Emergency department'] },
  exclusions: [
    {
      what: 'Research prototypes',
      aiSystemId: prototype,
      justification: 'Not used on patients; research ethics board governs them.',
    },
  ],
  interfacesAndDependencies: [{ party: 'Lumen AI Ltd', description: 'Hosts the triage model' }],
});

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = { store, clock: { now: () => now }, ids: { next: () => `id-${++n}` } };
  const register = async (name: string, lifecycleStage: string, provenance: string) =>
    (
      await registerAiSystem(
        manager,
        {
          name,
          purpose: name,
          lifecycleStage,
          provenance,
          ...(provenance === 'INTERNAL' ? {} : { vendor: { name: 'Lumen AI Ltd' } }),
        },
        { ...deps, isMember: async () => true },
      )
    ).id;
  triage = await register('Triage assistant', 'USE', 'THIRD_PARTY_API');
  readmission = await register('Readmission model', 'DEPLOYMENT', 'INTERNAL');
  prototype = await register('Sepsis prototype', 'DEVELOPMENT', 'INTERNAL');
});

describe('§3.1 context issues', () => {
  const issue = () => ({
    title: 'EU AI Act obligations for deployers',
    origin: 'EXTERNAL',
    category: 'REGULATORY',
    relevance: 5,
    reviewOn: '2026-09-01',
  });

  it('§3.1 creates and updates an issue, versioned, one change record per write', async () => {
    const made = await createContextIssue(manager, { ...issue(), aiSystemIds: [triage] }, deps);
    expect(made).toMatchObject({ version: 1, status: 'ACTIVE', aiSystemIds: [triage] });
    const next = await updateContextIssue(manager, { id: made.id, expectedVersion: 1, relevance: 4 }, deps);
    expect(next).toMatchObject({ version: 2, relevance: 4 });
    expect(changes('ContextIssue').map((c) => c.version)).toEqual([1, 2]);
  });

  it('§3.1 bad input names the field; unknown links are refused; nothing is written', async () => {
    await expect(createContextIssue(manager, { ...issue(), relevance: 6 }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'relevance'] }],
    });
    await expect(
      createContextIssue(manager, { ...issue(), linkedRiskIds: ['nope'] }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'linkedRiskIds'] }],
    });
    expect(changes('ContextIssue')).toEqual([]);
  });

  it('§3.1 a stale version is CONFLICT', async () => {
    const made = await createContextIssue(manager, issue(), deps);
    await updateContextIssue(manager, { id: made.id, expectedVersion: 1, relevance: 4 }, deps);
    await expect(
      updateContextIssue(manager, { id: made.id, expectedVersion: 1, relevance: 3 }, deps),
    ).rejects.toThrow(ConflictError);
  });

  it('§3.1 lists by origin and category from keys, live issues first then by relevance', async () => {
    const a = await createContextIssue(manager, { ...issue(), relevance: 3 }, deps);
    const b = await createContextIssue(manager, issue(), deps);
    const c = await createContextIssue(
      manager,
      { ...issue(), title: 'Staff AI literacy', origin: 'INTERNAL', category: 'CAPABILITY' },
      deps,
    );
    await updateContextIssue(manager, { id: b.id, expectedVersion: 1, status: 'RETIRED' }, deps);
    const read = { store, cursors };
    const ids = async (filter: object) =>
      (await listContextIssues(manager, { filter }, read)).edges.map((e) => e.node.id);
    expect(await ids({ origin: 'EXTERNAL', category: 'REGULATORY' })).toEqual([a.id, b.id]);
    expect(await ids({ origin: 'EXTERNAL', liveOnly: true })).toEqual([a.id]);
    expect(await ids({ category: 'CAPABILITY' })).toEqual([c.id]);
    expect(await ids({})).toEqual([c.id, a.id, b.id]);
  });

  it('§3.1 a viewer-level role may read but not write the register', async () => {
    await expect(createContextIssue(rafa, issue(), deps)).rejects.toThrow(ForbiddenError);
  });
});

describe('§3.1 interested parties and their requirements', () => {
  const party = (requirements: object[]) => ({ name: 'Patients', type: 'DATA_SUBJECT', requirements });

  it('§3.1 a requirement is addressed (with how), not addressed (with a reason) or undecided', async () => {
    const made = await createInterestedParty(
      manager,
      party([
        {
          text: 'Be told when AI is used',
          basis: 'REGULATION',
          addressedByAims: true,
          howAddressed: { controlRefs: ['A.8.2'] },
        },
        {
          text: 'Opt out of AI triage',
          basis: 'EXPECTATION',
          addressedByAims: false,
          notAddressedReason: 'Triage applies to all messages for safety.',
        },
        { text: 'Explanations of outcomes', basis: 'EXPECTATION', addressedByAims: null },
      ]),
      deps,
    );
    expect(made.requirements.map((r) => r.addressedByAims)).toEqual([true, false, null]);
    expect(made.requirements[0]?.howAddressed).toEqual({
      controlRefs: ['A.8.2'],
      processRefs: [],
      documentIds: [],
    });
    const kept = made.requirements[0]?.id as string;
    const next = await updateInterestedParty(
      manager,
      {
        id: made.id,
        expectedVersion: 1,
        requirements: [
          {
            id: kept,
            text: 'Be told when AI is used',
            basis: 'LAW',
            addressedByAims: true,
            howAddressed: { documentIds: ['DOC-1'] },
          },
        ],
      },
      deps,
    );
    expect(next.requirements).toMatchObject([
      { id: kept, basis: 'LAW', howAddressed: { documentIds: ['DOC-1'] } },
    ]);
  });

  it('§3.1 addressed without how, not addressed without a reason, and unknown controls are field errors', async () => {
    const err = await createInterestedParty(
      manager,
      party([
        { text: 'a', basis: 'LAW', addressedByAims: true },
        { text: 'b', basis: 'LAW', addressedByAims: false, notAddressedReason: 'no' },
        { text: 'c', basis: 'LAW', addressedByAims: true, howAddressed: { controlRefs: ['ORG-99'] } },
        { text: 'd', basis: 'LAW', addressedByAims: null, notAddressedReason: 'decided?' },
      ]),
      deps,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.map((f) => f.path.join('.'))).toEqual([
      'input.requirements.0.howAddressed',
      'input.requirements.1.notAddressedReason',
      'input.requirements.3.addressedByAims',
      'input.requirements.2.howAddressed.controlRefs',
    ]);
    expect(changes('InterestedParty')).toEqual([]);
  });

  it('§3.1 lists parties by type from keys', async () => {
    await createInterestedParty(manager, { name: 'Regulator', type: 'REGULATOR' }, deps);
    const p = await createInterestedParty(manager, party([]), deps);
    const page = await listInterestedParties(
      manager,
      { filter: { type: 'DATA_SUBJECT' } },
      { store, cursors },
    );
    expect(page.edges.map((e) => e.node.id)).toEqual([p.id]);
  });
});

describe('§3.1 context profile: organisation AI roles and party types not relevant', () => {
  it('§3.1 stores the tenant AI roles and an explicit not-relevant record with its reason, versioned', async () => {
    expect((await readContextProfile(manager, deps)).version).toBe(0);
    const saved = await updateContextProfile(
      manager,
      {
        expectedVersion: 0,
        organisationAiRoles: [{ role: 'AI_CUSTOMER', description: 'Deploys vendor triage AI' }],
        partyTypesNotRelevant: [
          { type: 'INVESTOR_BOARD', reason: 'Public hospital: no investors; the board is top management.' },
        ],
      },
      deps,
    );
    expect(saved).toMatchObject({
      version: 1,
      partyTypesNotRelevant: [{ type: 'INVESTOR_BOARD', recordedBy: 'u-manager' }],
    });
    await expect(
      updateContextProfile(manager, { expectedVersion: 0, organisationAiRoles: [] }, deps),
    ).rejects.toThrow(ConflictError);
    expect(changes('ContextProfile').map((c) => c.entityId)).toEqual(['profile']);
  });

  it('§3.1 a party of a type declared not relevant is refused at input.type until the decision is withdrawn', async () => {
    const profile = await updateContextProfile(
      manager,
      {
        expectedVersion: 0,
        partyTypesNotRelevant: [{ type: 'INVESTOR_BOARD', reason: 'Public hospital: no investors at all.' }],
      },
      deps,
    );
    await expect(
      createInterestedParty(manager, { name: 'Board', type: 'INVESTOR_BOARD' }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'type'] }] });
    await updateContextProfile(
      manager,
      { expectedVersion: profile.version, partyTypesNotRelevant: [] },
      deps,
    );
    expect(
      (await createInterestedParty(manager, { name: 'Board', type: 'INVESTOR_BOARD' }, deps)).version,
    ).toBe(1);
  });

  it('§3.1 a party type with recorded parties cannot be declared not relevant', async () => {
    await createInterestedParty(manager, { name: 'Board', type: 'INVESTOR_BOARD' }, deps);
    await expect(
      updateContextProfile(
        manager,
        {
          expectedVersion: 0,
          partyTypesNotRelevant: [{ type: 'INVESTOR_BOARD', reason: 'We have no investors at all.' }],
        },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'partyTypesNotRelevant', 0, 'type'] }] });
  });
});

describe('§3.1 scope statement', () => {
  it('§3.1 DRAFT → IN_REVIEW → APPROVED by top management who is not the author, recorded as an Approval', async () => {
    await topManagement('u-cleo', 'COMMITTEE_MEMBER');
    const draft = await createScopeStatement(manager, scopeInput(), deps);
    expect(draft).toMatchObject({ number: 1, status: 'DRAFT', authorIds: ['u-manager'] });
    const review = await transitionScopeStatement(
      manager,
      { id: draft.id, expectedVersion: 1, status: 'IN_REVIEW' },
      deps,
    );
    const approved = await approveScopeStatement(
      cleo,
      { id: draft.id, expectedVersion: review.version, comment: 'Agreed' },
      deps,
    );
    expect(approved).toMatchObject({
      status: 'APPROVED',
      approval: { by: 'u-cleo', role: 'TOP_MANAGEMENT', at: now.toISOString(), comment: 'Agreed' },
    });
    expect((await readApprovedScope(store))?.id).toBe(draft.id);
  });

  it('§3.1 approving while a system in USE is neither in scope nor excluded → CONFLICT listing the system ids', async () => {
    await topManagement('u-cleo', 'COMMITTEE_MEMBER');
    const draft = await createScopeStatement(
      manager,
      { ...scopeInput(), inScope: { aiSystemIds: [readmission] }, exclusions: [] },
      deps,
    );
    await transitionScopeStatement(manager, { id: draft.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    const err = await approveScopeStatement(cleo, { id: draft.id, expectedVersion: 2 }, deps).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.extensions).toMatchObject({ reason: 'INVALID_STATE', aiSystemIds: [prototype, triage] });
    expect(err.message).toContain(triage);
  });

  it('§3.1 a consultant, an author, and someone without an accepted TOP_MANAGEMENT appointment may not approve', async () => {
    await topManagement('u-cleo', 'COMMITTEE_MEMBER');
    const draft = await createScopeStatement(manager, scopeInput(), deps);
    await updateScopeStatement(
      manager,
      { id: draft.id, expectedVersion: 1, text: 'Edited scope text for the hospital AIMS.' },
      deps,
    );
    await transitionScopeStatement(manager, { id: draft.id, expectedVersion: 2, status: 'IN_REVIEW' }, deps);
    await expect(
      approveScopeStatement(consultant, { id: draft.id, expectedVersion: 3 }, deps),
    ).rejects.toThrow(ForbiddenError);
    await expect(approveScopeStatement(rafa, { id: draft.id, expectedVersion: 3 }, deps)).rejects.toThrow(
      /TOP_MANAGEMENT/,
    );
    await topManagement('u-manager', 'AIMS_MANAGER');
    await expect(approveScopeStatement(manager, { id: draft.id, expectedVersion: 3 }, deps)).rejects.toThrow(
      /author/,
    );
  });

  it('§3.1 illegal transitions and edits outside DRAFT are CONFLICT INVALID_STATE', async () => {
    await topManagement('u-cleo', 'COMMITTEE_MEMBER');
    const draft = await createScopeStatement(manager, scopeInput(), deps);
    await expect(
      approveScopeStatement(cleo, { id: draft.id, expectedVersion: 1 }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await expect(
      transitionScopeStatement(manager, { id: draft.id, expectedVersion: 1, status: 'SUPERSEDED' }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    await transitionScopeStatement(manager, { id: draft.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    await expect(
      updateScopeStatement(manager, { id: draft.id, expectedVersion: 2, text: 'Changed text' }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await expect(createScopeStatement(manager, scopeInput(), deps)).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('§3.1 a new edition starts from the approved one; approving it supersedes the old, in one commit', async () => {
    await topManagement('u-cleo', 'COMMITTEE_MEMBER');
    const first = await createScopeStatement(manager, scopeInput(), deps);
    await transitionScopeStatement(manager, { id: first.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    await approveScopeStatement(cleo, { id: first.id, expectedVersion: 2 }, deps);
    const second = await createScopeStatement(
      manager,
      { text: 'Second edition of the hospital AIMS scope.' },
      deps,
    );
    expect(second).toMatchObject({ number: 2, inScope: first.inScope, exclusions: first.exclusions });
    await transitionScopeStatement(manager, { id: second.id, expectedVersion: 1, status: 'IN_REVIEW' }, deps);
    await approveScopeStatement(cleo, { id: second.id, expectedVersion: 2 }, deps);
    const editions = await listScopeStatements(manager, {}, { store, cursors });
    expect(editions.edges.map((e) => [e.node.number, e.node.status])).toEqual([
      [2, 'APPROVED'],
      [1, 'SUPERSEDED'],
    ]);
  });

  it('§3.1 a system both in scope and excluded, or unknown, is a field error and nothing is written', async () => {
    const err = await createScopeStatement(
      manager,
      {
        ...scopeInput(),
        exclusions: [{ what: 'Triage', aiSystemId: triage, justification: 'Excluded for some reason.' }],
        inScope: { aiSystemIds: [triage, 'nope'] },
      },
      deps,
    ).catch((e) => e);
    expect((err as ValidationError).fieldErrors.map((f) => f.path.join('.'))).toEqual([
      'input.inScope.aiSystemIds',
      'input.exclusions.0.aiSystemId',
    ]);
    expect(changes('ScopeStatement')).toEqual([]);
  });

  it('§3.1 scope templates: the guide’s three sectors as starting text', () => {
    const page = scopeTemplates(manager, {}, { cursors });
    expect(page.edges.map((e) => e.node.sector)).toEqual(['TECHNOLOGY', 'FINANCIAL_SERVICES', 'HEALTHCARE']);
    expect(SCOPE_TEMPLATES.every((t) => t.text.length > 80)).toBe(true);
  });
});

describe('§3.1 contextGaps use case', () => {
  it('§3.1 a fresh tenant with an inventory shows every gap that applies, read by key', async () => {
    const page = await contextGaps(
      manager,
      { today: '2026-03-01', first: 50 },
      { store, cursors, clock: deps.clock },
    );
    const codes = page.edges.map((e) => e.node.code);
    expect(new Set(codes)).toEqual(
      new Set([
        'NO_EXTERNAL_REGULATORY_ISSUE',
        'NO_INTERNAL_ISSUE',
        'PARTY_TYPE_NOT_CONSIDERED',
        'SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED',
        'THIRD_PARTY_AI_NOT_CONSIDERED',
        'NO_ORG_AI_ROLE',
        'SCOPE_NOT_APPROVED',
      ]),
    );
    expect(codes.filter((c) => c === 'PARTY_TYPE_NOT_CONSIDERED')).toHaveLength(7);
    expect(
      page.edges.filter((e) => e.node.code === 'THIRD_PARTY_AI_NOT_CONSIDERED').map((e) => e.node.aiSystemId),
    ).toEqual([triage]);
    await expect(
      contextGaps(manager, { today: '1 March' }, { store, cursors, clock: deps.clock }),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['today'] }],
    });
  });
});
