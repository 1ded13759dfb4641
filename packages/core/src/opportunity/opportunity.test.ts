import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { registerAiSystem } from '../inventory/register-ai-system';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  createAiOpportunity,
  type OpportunityDeps,
  transitionAiOpportunity,
  updateAiOpportunity,
} from './manage-opportunities';
import { OpportunitySystemLinks } from './model';
import { type AiOpportunity, OPPORTUNITY_STATUSES, OPPORTUNITY_TRANSITIONS } from './opportunity';
import {
  getAiOpportunity,
  listAiOpportunities,
  opportunitiesOfSystem,
  opportunityActions,
} from './query-opportunities';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-rafa': 'AI_RISK_OWNER',
  'u-sam': 'AI_SYSTEM_OWNER',
  'u-ines': 'INTERNAL_AUDITOR',
  'u-consultant': 'CONSULTANT',
};
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
const auditor: TenantScope = { tenantId: 't1', actorId: 'u-ines', role: 'INTERNAL_AUDITOR' };

let table: InMemoryTable;
let store: InMemoryTenantStore;
let deps: OpportunityDeps;
let now: Date;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const read = () => ({ store, cursors, clock: { now: () => now } });

const ofEntity = (name: string) => [...table.items.values()].filter((i) => i.entity === name);
const changes = (): ChangeRecord[] => ofEntity('ChangeRecord').map((i) => changeRecordSchema.parse(i));

let triage: string;
let notes: string;

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => roles[id] ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
  const register = (name: string) =>
    registerAiSystem(
      manager,
      { name, purpose: name, lifecycleStage: 'USE', provenance: 'INTERNAL' },
      { ...deps, isMember: async () => true },
    );
  triage = (await register('Triage')).id;
  notes = (await register('Notes')).id;
  triageInput = {
    title: 'Triage assistant shortens waiting times',
    description: 'Urgent messages reach a nurse sooner.',
    aiSystemIds: [triage],
    benefit: 5,
    feasibility: 3,
  };
});

const action = {
  plan: 'Pilot in two wards and measure waiting times',
  ownerId: 'u-sam',
  dueOn: '2026-06-30',
};
let triageInput: {
  title: string;
  description: string;
  aiSystemIds: string[];
  benefit: number;
  feasibility: number;
};

async function inState(status: AiOpportunity['status']): Promise<AiOpportunity> {
  let o = await createAiOpportunity(manager, triageInput, deps);
  const step = (s: AiOpportunity['status'], extra: Record<string, unknown> = {}) =>
    transitionAiOpportunity(manager, { id: o.id, expectedVersion: o.version, status: s, ...extra }, deps);
  const path: Record<AiOpportunity['status'], [AiOpportunity['status'], Record<string, unknown>][]> = {
    IDENTIFIED: [],
    PLANNED: [['PLANNED', { action }]],
    IN_PROGRESS: [
      ['PLANNED', { action }],
      ['IN_PROGRESS', {}],
    ],
    REALISED: [
      ['PLANNED', { action }],
      ['IN_PROGRESS', {}],
      [
        'REALISED',
        { evaluation: { result: 'Median wait down 18%', effective: true, evaluatedOn: '2026-03-01' } },
      ],
    ],
    REJECTED: [['REJECTED', { reason: 'Vendor cannot meet the clinical safety case' }]],
  };
  for (const [s, extra] of path[status]) o = await step(s, extra);
  return o;
}

describe('R9 / §3.3 creating an AI opportunity', () => {
  it('R9 records an IDENTIFIED opportunity with priority = benefit × feasibility, a change record and a link per system', async () => {
    const o = await createAiOpportunity(
      manager,
      { ...triageInput, aiSystemIds: [triage, notes, triage] },
      deps,
    );
    expect(o).toMatchObject({ status: 'IDENTIFIED', priority: 15, version: 1, aiSystemIds: [triage, notes] });
    expect(changes()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'CREATED', entityType: 'AiOpportunity', entityId: o.id }),
      ]),
    );
    expect(ofEntity('OpportunitySystemLink')).toHaveLength(2);
  });

  it('§3.3 priority is derived: a typed priority is not part of the input and is ignored', async () => {
    const o = await createAiOpportunity(manager, { ...triageInput, priority: 1 }, deps);
    expect(o.priority).toBe(15);
  });

  it('§3.3 benefit and feasibility outside 1–5 → BAD_USER_INPUT at their paths, nothing written', async () => {
    const before = table.items.size;
    const err = await createAiOpportunity(
      manager,
      { ...triageInput, benefit: 6, feasibility: 0 },
      deps,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.map((e: { path: string[] }) => e.path.join('.'))).toEqual([
      'input.benefit',
      'input.feasibility',
    ]);
    expect(table.items.size).toBe(before);
  });

  it('R9 unknown AI systems are refused in one BatchGet: BAD_USER_INPUT at input.aiSystemIds', async () => {
    const gets = table.calls.get;
    const err = await createAiOpportunity(
      manager,
      { ...triageInput, aiSystemIds: [triage, 'nope'] },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors).toEqual([
      { path: ['input', 'aiSystemIds'], message: 'unknown AI systems: nope' },
    ]);
    expect(table.calls.get - gets).toBe(1);
  });

  it('§3.3 at most 25 AI systems', async () => {
    const ids = Array.from({ length: 26 }, (_, i) => `s${i}`);
    const err = await createAiOpportunity(manager, { ...triageInput, aiSystemIds: ids }, deps).catch(
      (e) => e,
    );
    expect(err.fieldErrors[0].path).toEqual(['input', 'aiSystemIds']);
  });

  it('R9 a consultant as action owner → BAD_USER_INPUT at input.action.ownerId', async () => {
    const err = await createAiOpportunity(
      manager,
      { ...triageInput, action: { ...action, ownerId: 'u-consultant' } },
      deps,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors[0].path).toEqual(['input', 'action', 'ownerId']);
    expect(err.fieldErrors[0].message).toMatch(/CONSULTANT/);
  });

  it('R9 a non-member as action owner → BAD_USER_INPUT at input.action.ownerId', async () => {
    const err = await createAiOpportunity(
      manager,
      { ...triageInput, action: { ...action, ownerId: 'u-x' } },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors).toEqual([
      { path: ['input', 'action', 'ownerId'], message: 'is not a member of this tenant' },
    ]);
  });

  it('R9 the consultant may record an opportunity owned by an internal person', async () => {
    await expect(createAiOpportunity(consultant, { ...triageInput, action }, deps)).resolves.toMatchObject({
      action: { ownerId: 'u-sam' },
    });
  });

  it('R9 a role without risk.manage → FORBIDDEN before anything is read', async () => {
    const gets = table.calls.get;
    await expect(createAiOpportunity(auditor, triageInput, deps)).rejects.toThrow(ForbiddenError);
    expect(table.calls.get).toBe(gets);
  });
});

describe('R9 / §3.3 updating an AI opportunity', () => {
  it('§3.3 re-derives priority and moves the system links with it, one commit', async () => {
    const o = await createAiOpportunity(manager, triageInput, deps);
    const commits = table.calls.commit;
    const u = await updateAiOpportunity(
      manager,
      { id: o.id, expectedVersion: 1, feasibility: 5, aiSystemIds: [notes] },
      deps,
    );
    expect(u).toMatchObject({ priority: 25, version: 2, aiSystemIds: [notes] });
    expect(table.calls.commit - commits).toBe(1);
    const links = ofEntity('OpportunitySystemLink').map((l) => OpportunitySystemLinks.schema.parse(l));
    expect(links).toEqual([{ opportunityId: o.id, aiSystemId: notes, priority: 25 }]);
    expect(
      changes()
        .filter((c) => c.entityId === o.id)
        .map((c) => c.version),
    ).toEqual(expect.arrayContaining([1, 2]));
  });

  it('R9 a stale expectedVersion → CONFLICT VERSION_MISMATCH', async () => {
    const o = await createAiOpportunity(manager, triageInput, deps);
    await updateAiOpportunity(manager, { id: o.id, expectedVersion: 1, title: 'New title' }, deps);
    const err = await updateAiOpportunity(manager, { id: o.id, expectedVersion: 1, benefit: 1 }, deps).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.extensions.reason).toBe('VERSION_MISMATCH');
  });

  it('R9 an unknown id → NOT_FOUND', async () => {
    await expect(updateAiOpportunity(manager, { id: 'nope', expectedVersion: 1 }, deps)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('R9 changing the action owner to a consultant → BAD_USER_INPUT at input.action.ownerId', async () => {
    const o = await createAiOpportunity(manager, triageInput, deps);
    const err = await updateAiOpportunity(
      manager,
      { id: o.id, expectedVersion: 1, action: { ...action, ownerId: 'u-consultant' } },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors[0].path).toEqual(['input', 'action', 'ownerId']);
  });

  it('R9 the action of a PLANNED opportunity cannot be removed → CONFLICT INVALID_STATE', async () => {
    const o = await inState('PLANNED');
    const err = await updateAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, action: null },
      deps,
    ).catch((e) => e);
    expect(err.extensions.reason).toBe('INVALID_STATE');
  });

  it.each(['REALISED', 'REJECTED'] as const)(
    'R9 a %s opportunity is immutable → CONFLICT INVALID_STATE',
    async (s) => {
      const o = await inState(s);
      const err = await updateAiOpportunity(
        manager,
        { id: o.id, expectedVersion: o.version, title: 'Rewrite' },
        deps,
      ).catch((e) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.extensions.reason).toBe('INVALID_STATE');
    },
  );
});

describe('R9 / §3.3 state machine', () => {
  const allowed = OPPORTUNITY_STATUSES.flatMap((from) =>
    OPPORTUNITY_TRANSITIONS[from].map((to) => [from, to] as const),
  );
  const refused = OPPORTUNITY_STATUSES.flatMap((from) =>
    OPPORTUNITY_STATUSES.filter((to) => !OPPORTUNITY_TRANSITIONS[from].includes(to)).map(
      (to) => [from, to] as const,
    ),
  );
  const needs: Record<string, Record<string, unknown>> = {
    PLANNED: { action },
    REALISED: { evaluation: { result: 'Done', effective: true, evaluatedOn: '2026-02-28' } },
    REJECTED: { reason: 'Not worth it' },
  };

  it('§3.3 the machine: IDENTIFIED→PLANNED|REJECTED, PLANNED→IN_PROGRESS|IDENTIFIED|REJECTED, IN_PROGRESS→REALISED|REJECTED, terminal REALISED and REJECTED', () => {
    expect(OPPORTUNITY_TRANSITIONS).toEqual({
      IDENTIFIED: ['PLANNED', 'REJECTED'],
      PLANNED: ['IN_PROGRESS', 'IDENTIFIED', 'REJECTED'],
      IN_PROGRESS: ['REALISED', 'REJECTED'],
      REALISED: [],
      REJECTED: [],
    });
  });

  it.each(allowed)(
    '§3.3 %s → %s is allowed with what it needs, versioned with a change record',
    async (from, to) => {
      const o = await inState(from);
      const next = await transitionAiOpportunity(
        manager,
        { id: o.id, expectedVersion: o.version, status: to, ...(needs[to] ?? {}) },
        deps,
      );
      expect(next).toMatchObject({ status: to, version: o.version + 1 });
      expect(
        changes().some((c) => c.entityId === o.id && c.version === next.version && c.action === 'UPDATED'),
      ).toBe(true);
    },
  );

  it.each(refused)('§3.3 %s → %s is refused: CONFLICT INVALID_STATE, nothing written', async (from, to) => {
    const o = await inState(from);
    const size = table.items.size;
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, status: to, ...(needs[to] ?? {}) },
      deps,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.extensions.reason).toBe('INVALID_STATE');
    expect(table.items.size).toBe(size);
  });

  it('R9 PLANNED needs an action: BAD_USER_INPUT at input.action when none is recorded or given', async () => {
    const o = await inState('IDENTIFIED');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: 1, status: 'PLANNED' },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors.map((e: { path: string[] }) => e.path)).toEqual([['input', 'action']]);
  });

  it('R9 PLANNED uses the action already recorded', async () => {
    const o = await createAiOpportunity(manager, { ...triageInput, action }, deps);
    await expect(
      transitionAiOpportunity(manager, { id: o.id, expectedVersion: 1, status: 'PLANNED' }, deps),
    ).resolves.toMatchObject({ status: 'PLANNED', action });
  });

  it('R9 planning with a consultant as owner → BAD_USER_INPUT at input.action.ownerId', async () => {
    const o = await inState('IDENTIFIED');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: 1, status: 'PLANNED', action: { ...action, ownerId: 'u-consultant' } },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors[0].path).toEqual(['input', 'action', 'ownerId']);
  });

  it('R9 6.1.1 REALISED needs the evaluation of the result: BAD_USER_INPUT at input.evaluation', async () => {
    const o = await inState('IN_PROGRESS');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, status: 'REALISED' },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors.map((e: { path: string[] }) => e.path)).toEqual([['input', 'evaluation']]);
  });

  it('R9 the evaluation is recorded with its evaluator and may not be dated in the future', async () => {
    const o = await inState('IN_PROGRESS');
    const future = await transitionAiOpportunity(
      manager,
      {
        id: o.id,
        expectedVersion: o.version,
        status: 'REALISED',
        evaluation: { result: 'x', effective: false, evaluatedOn: '2026-03-02' },
      },
      deps,
    ).catch((e) => e);
    expect(future.fieldErrors[0].path).toEqual(['input', 'evaluation', 'evaluatedOn']);
    const done = await transitionAiOpportunity(
      as('u-rafa'),
      {
        id: o.id,
        expectedVersion: o.version,
        status: 'REALISED',
        evaluation: { result: 'Waits unchanged', effective: false, evaluatedOn: '2026-03-01' },
      },
      deps,
    );
    expect(done.evaluation).toEqual({
      result: 'Waits unchanged',
      effective: false,
      evaluatedOn: '2026-03-01',
      evaluatedBy: 'u-rafa',
    });
  });

  it('R9 REJECTED needs a reason: BAD_USER_INPUT at input.reason; the reason is kept', async () => {
    const o = await inState('PLANNED');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, status: 'REJECTED' },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors.map((e: { path: string[] }) => e.path)).toEqual([['input', 'reason']]);
    const done = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, status: 'REJECTED', reason: 'Budget moved to EHR upgrade' },
      deps,
    );
    expect(done.rejection).toEqual({
      reason: 'Budget moved to EHR upgrade',
      rejectedBy: 'u-manager',
      rejectedAt: now.toISOString(),
    });
  });

  it('§3.3 fields that do not belong to the target state are refused', async () => {
    const o = await inState('PLANNED');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: o.version, status: 'IN_PROGRESS', reason: 'why not' },
      deps,
    ).catch((e) => e);
    expect(err.fieldErrors[0].path).toEqual(['input', 'reason']);
  });

  it('R9 a stale version on a transition → CONFLICT VERSION_MISMATCH', async () => {
    const o = await inState('PLANNED');
    const err = await transitionAiOpportunity(
      manager,
      { id: o.id, expectedVersion: 1, status: 'IN_PROGRESS' },
      deps,
    ).catch((e) => e);
    expect(err.extensions.reason).toBe('VERSION_MISMATCH');
  });

  it('R9 a role without risk.manage cannot move an opportunity → FORBIDDEN', async () => {
    const o = await inState('IDENTIFIED');
    await expect(
      transitionAiOpportunity(
        auditor,
        { id: o.id, expectedVersion: 1, status: 'REJECTED', reason: 'x' },
        deps,
      ),
    ).rejects.toThrow(ForbiddenError);
  });
});

const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });

describe('R9 / §3.3 key-served listings', () => {
  async function three() {
    const a = await createAiOpportunity(manager, { ...triageInput, benefit: 2, feasibility: 2 }, deps); // 4
    const b = await createAiOpportunity(
      manager,
      {
        ...triageInput,
        title: 'Discharge drafting',
        aiSystemIds: [notes],
        benefit: 4,
        feasibility: 4,
        action,
      },
      deps,
    ); // 16
    const c = await createAiOpportunity(
      manager,
      { ...triageInput, title: 'Rota', aiSystemIds: [triage, notes], benefit: 5, feasibility: 5 },
      deps,
    ); // 25
    return { a, b, c };
  }

  it('R9 the register lists highest priority first, with Relay pages', async () => {
    const { a, b, c } = await three();
    const first = await listAiOpportunities(auditor, { first: 2 }, read());
    expect(first.edges.map((e) => e.node.id)).toEqual([c.id, b.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await listAiOpportunities(auditor, { first: 2, after: first.pageInfo.endCursor }, read());
    expect(rest.edges.map((e) => e.node.id)).toEqual([a.id]);
  });

  it('R9 by status reads the status key', async () => {
    const { b } = await three();
    await transitionAiOpportunity(manager, { id: b.id, expectedVersion: 1, status: 'PLANNED' }, deps);
    const planned = await listAiOpportunities(auditor, { filter: { status: 'PLANNED' } }, read());
    expect(planned.edges.map((e) => e.node.id)).toEqual([b.id]);
    const identified = await listAiOpportunities(auditor, { filter: { status: 'IDENTIFIED' } }, read());
    expect(identified.edges).toHaveLength(2);
  });

  it('R9 by AI system reads its link items, highest priority first, and may narrow by status', async () => {
    const { a, c } = await three();
    const ofTriage = await opportunitiesOfSystem(auditor, triage, {}, read());
    expect(ofTriage.edges.map((e) => e.node.id)).toEqual([c.id, a.id]);
    await transitionAiOpportunity(
      manager,
      { id: a.id, expectedVersion: 1, status: 'REJECTED', reason: 'x' },
      deps,
    );
    const rejected = await listAiOpportunities(
      auditor,
      { filter: { aiSystemId: triage, status: 'REJECTED' } },
      read(),
    );
    expect(rejected.edges.map((e) => e.node.id)).toEqual([a.id]);
  });

  it('R9 an unknown status filter → BAD_USER_INPUT at filter.status', async () => {
    const err = await listAiOpportunities(auditor, { filter: { status: 'DONE' as never } }, read()).catch(
      (e) => e,
    );
    expect(err.fieldErrors[0].path).toEqual(['filter', 'status']);
  });

  it('R9 getAiOpportunity → NOT_FOUND for an id of another tenant sharing the table', async () => {
    const o = await createAiOpportunity(manager, triageInput, deps);
    const other = new InMemoryTenantStore('t2', table);
    await expect(getAiOpportunity({ ...manager, tenantId: 't2' }, o.id, { store: other })).rejects.toThrow(
      NotFoundError,
    );
    await expect(getAiOpportunity(manager, o.id, { store })).resolves.toMatchObject({ id: o.id });
  });

  it('§3.3 6.1.1 actions view lists opportunity actions earliest due first, with evaluation and overdue', async () => {
    const { b } = await three();
    const late = await createAiOpportunity(
      manager,
      { ...triageInput, title: 'Late', action: { ...action, dueOn: '2026-01-31' } },
      deps,
    );
    const rows = await opportunityActions(auditor, {}, read());
    expect(rows.edges.map((e) => [e.node.opportunity.id, e.node.overdue, e.node.evaluation])).toEqual([
      [late.id, true, null],
      [b.id, false, null],
    ]);
  });
});
