import { beforeEach, describe, expect, it } from 'vitest';
import { registerAiSystem } from '../inventory/register-ai-system';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { type Connection, CursorCodec, cursorKey } from '../shared/pagination';
import type { TenantScope } from '../tenancy/tenant-scope';
import { seedDefaultMethodology } from './manage-methodology';
import { assessResidualRisk, closeRisk, createRisk, treatRisk } from './manage-risks';
import { Risks } from './model';
import {
  listRisks,
  type RiskReadDeps,
  riskHeatMap,
  stopRequests,
  stopRequestsFor,
  untreatedRisksAboveThreshold,
} from './query-risks';
import { currentScore, type Risk, type RiskFilter } from './risk';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const viewer: TenantScope = { tenantId: T, actorId: 'u-viewer', role: 'VIEWER' };
const members = new Set(['u-manager', 'u-risk', 'u-other']);

let store: InMemoryTenantStore;
let deps: RiskReadDeps & { isMember: (id: string) => Promise<boolean> };
let s1: string;
let s2: string;

beforeEach(async () => {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async (id) => members.has(id),
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
    cursors: new CursorCodec({ current: cursorKey('0123456789abcdef0123456789abcdef') }),
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
  const system = { purpose: 'Scores applications', lifecycleStage: 'USE', provenance: 'INTERNAL' };
  s1 = (await registerAiSystem(manager, { ...system, name: 'Chatbot' }, deps)).id;
  s2 = (await registerAiSystem(manager, { ...system, name: 'Scorer' }, deps)).id;
});

const riskInput = (
  likelihood: number,
  impact: number,
  extra: { category?: string; ownerId?: string; aiSystemIds?: string[] } = {},
) => ({
  title: `Risk ${likelihood}×${impact}`,
  category: extra.category ?? 'SAFETY',
  ownerId: extra.ownerId ?? 'u-risk',
  likelihood,
  impacts: { ORGANISATION: impact, INDIVIDUALS: 1, GROUPS: 1, SOCIETY: 1 },
  reviewDate: '2027-01-01',
  aiSystemIds: extra.aiSystemIds ?? [s1],
});

const byScore = (a: Risk, b: Risk) => b.inherent.score - a.inherent.score || (a.id < b.id ? -1 : 1);
const storedRisks = async () => {
  const ids = [...store.table.items.values()].filter((i) => i.entity === 'Risk').map((i) => String(i.id));
  return (await store.getMany(
    Risks,
    ids.map((id) => ({ id })),
  )) as Risk[];
};
const ids = (c: Connection<Risk>) => c.edges.map((e) => e.node.id);

/** A varied register: several scores, owners, categories, statuses, systems and bands. */
async function seedRegister() {
  const a = await createRisk(manager, riskInput(5, 5, { aiSystemIds: [s1, s2] }), deps);
  const b = await createRisk(manager, riskInput(4, 3, { category: 'PRIVACY' }), deps);
  const c = await createRisk(manager, riskInput(3, 3, { ownerId: 'u-other', aiSystemIds: [s2] }), deps);
  const d = await createRisk(manager, riskInput(2, 2, { category: 'PRIVACY', aiSystemIds: [] }), deps);
  const e = await createRisk(manager, riskInput(4, 3, { ownerId: 'u-other' }), deps);
  const f = await createRisk(manager, riskInput(1, 1, { aiSystemIds: [s2] }), deps);
  // b is mitigated with a low residual, c mitigated, d accepted within the threshold, f closed.
  await treatRisk(
    manager,
    { id: b.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    deps,
  );
  await assessResidualRisk(
    manager,
    {
      id: b.id,
      expectedVersion: 2,
      likelihood: 1,
      impacts: { ORGANISATION: 2, INDIVIDUALS: 1, GROUPS: 1, SOCIETY: 1 },
    },
    deps,
  );
  await treatRisk(
    manager,
    { id: c.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }] },
    deps,
  );
  await treatRisk(manager, { id: d.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }] }, deps);
  await closeRisk(
    manager,
    {
      id: f.id,
      expectedVersion: 1,
      closureReason: 'RISK_NO_LONGER_EXISTS',
      explanation: 'Removed from the product',
    },
    deps,
  );
  return { a, b, c, d, e, f };
}

describe('riskHeatMap', () => {
  it('equals, cell by cell, a count of the open risks over the register', async () => {
    await seedRegister();
    const map = await riskHeatMap(viewer, deps);
    expect(map).toMatchObject({ methodologyVersion: 1, likelihoodLevels: 5, impactLevels: 5 });
    expect(map.cells).toHaveLength(25);
    const open = (await storedRisks()).filter((r) => r.status !== 'CLOSED');
    for (const cell of map.cells) {
      const at = (s: { likelihood: number; impact: number }) =>
        s.likelihood === cell.likelihood && s.impact === cell.impact;
      expect(cell.inherent, `inherent ${cell.likelihood}×${cell.impact}`).toBe(
        open.filter((r) => at(r.inherent)).length,
      );
      expect(cell.residual, `current ${cell.likelihood}×${cell.impact}`).toBe(
        open.filter((r) => at(currentScore(r))).length,
      );
    }
    expect(map.cells.reduce((n, c) => n + c.inherent, 0)).toBe(5);
    expect(map.cells.find((c) => c.likelihood === 4 && c.impact === 3)).toMatchObject({
      inherent: 2,
      residual: 1,
      score: 12,
      band: 'HIGH',
    });
    expect(map.notOnCurrentMethodology).toBe(0);
  });
});

describe('untreatedRisksAboveThreshold', () => {
  it('lists exactly the gaps, highest score first', async () => {
    const { a, e } = await seedRegister();
    const gaps = await untreatedRisksAboveThreshold(viewer, {}, deps);
    expect(ids(gaps)).toEqual([a.id, e.id]);
    const expected = (await storedRisks())
      .filter((r) => r.status !== 'CLOSED' && !r.treatments.length && r.inherent.score > 8)
      .sort(byScore)
      .map((r) => r.id);
    expect(ids(gaps)).toEqual(expected);
  });

  it('drops a risk once it is treated', async () => {
    const { a, e } = await seedRegister();
    await treatRisk(manager, { id: a.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] }, deps);
    expect(ids(await untreatedRisksAboveThreshold(viewer, {}, deps))).toEqual([e.id]);
  });
});

describe('listRisks', () => {
  const filters: [string, (r: Risk) => boolean, () => RiskFilter][] = [
    ['band HIGH', (r) => r.currentBand === 'HIGH', () => ({ band: 'HIGH' })],
    ['band LOW', (r) => r.currentBand === 'LOW', () => ({ band: 'LOW' })],
    ['owner', (r) => r.ownerId === 'u-other', () => ({ ownerId: 'u-other' })],
    ['category', (r) => r.category === 'PRIVACY', () => ({ category: 'PRIVACY' })],
    ['status OPEN', (r) => r.status === 'OPEN', () => ({ status: 'OPEN' })],
    [
      'status TREATMENT_DECIDED',
      (r) => r.status === 'TREATMENT_DECIDED',
      () => ({ status: 'TREATMENT_DECIDED' }),
    ],
    ['status CLOSED', (r) => r.status === 'CLOSED', () => ({ status: 'CLOSED' })],
    ['AI system s1', (r) => r.aiSystemIds.includes(s1), () => ({ aiSystemId: s1 })],
    ['AI system s2', (r) => r.aiSystemIds.includes(s2), () => ({ aiSystemId: s2 })],
    ['no filter', () => true, () => ({})],
  ];

  it.each(filters)(
    'with the %s filter returns exactly the matching risks in register order',
    async (_, matches, filter) => {
      await seedRegister();
      const expected = (await storedRisks())
        .filter(matches)
        .sort(byScore)
        .map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await listRisks(viewer, { filter: filter() }, deps))).toEqual(expected);
    },
  );

  it.each(filters)(
    'with the %s filter pages through every match once with cursors',
    async (_, matches, filter) => {
      await seedRegister();
      const expected = (await storedRisks())
        .filter(matches)
        .sort(byScore)
        .map((r) => r.id);
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page: Connection<Risk> = await listRisks(viewer, { filter: filter(), first: 2, after }, deps);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    },
  );

  it('refuses a cursor from another listing', async () => {
    await seedRegister();
    const page = await listRisks(viewer, { filter: { category: 'PRIVACY' }, first: 1 }, deps);
    await expect(
      listRisks(viewer, { filter: { category: 'SAFETY' }, first: 1, after: page.pageInfo.endCursor }, deps),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('stop requests', () => {
  it('lists open AVOID risks, and stopRequestsFor keeps those of one system', async () => {
    const { a, e } = await seedRegister();
    expect(await stopRequests(viewer, store)).toEqual([]);
    await treatRisk(manager, { id: a.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] }, deps);
    await treatRisk(
      manager,
      { id: e.id, expectedVersion: 1, treatments: [{ option: 'AVOID', notes: 'Retire it' }] },
      deps,
    );
    const requests = await stopRequests(viewer, store);
    expect(requests.map((r) => r.id)).toEqual([a.id, e.id]);
    expect(requests.every((r) => r.treatments.some((t) => t.stopUseCase))).toBe(true);
    expect(stopRequestsFor(s1, requests).map((r) => r.id)).toEqual([a.id, e.id]);
    expect(stopRequestsFor(s2, requests).map((r) => r.id)).toEqual([a.id]);
    expect(stopRequestsFor('another-system', requests)).toEqual([]);
  });

  it('drops a request once the risk is closed or treated otherwise', async () => {
    const { a, e } = await seedRegister();
    await treatRisk(manager, { id: a.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] }, deps);
    await treatRisk(manager, { id: e.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] }, deps);
    await closeRisk(
      manager,
      {
        id: a.id,
        expectedVersion: 2,
        closureReason: 'RISK_NO_LONGER_EXISTS',
        explanation: 'Removed from the product',
      },
      deps,
    );
    await treatRisk(
      manager,
      { id: e.id, expectedVersion: 2, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    expect(await stopRequests(viewer, store)).toEqual([]);
  });

  it('refuses AVOID for a risk with no AI system to stop', async () => {
    const { d } = await seedRegister();
    await expect(
      treatRisk(manager, { id: d.id, expectedVersion: 2, treatments: [{ option: 'AVOID' }] }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'treatments', 0, 'option'] }] });
  });
});
