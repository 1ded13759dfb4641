import { beforeEach, describe, expect, it } from 'vitest';
import { registerAiSystem } from '../inventory/register-ai-system';
import { methodologyAt, seedDefaultMethodology } from '../risk/manage-methodology';
import {
  acceptResidualRisk,
  assessResidualRisk,
  createRisk,
  type RiskDeps,
  treatRisk,
} from '../risk/manage-risks';
import type { ImpactRatings, RiskMethodology } from '../risk/methodology';
import { Risks } from '../risk/model';
import type { Risk } from '../risk/risk';
import { applyTreatmentOutcome } from '../risk/treatment-outcome';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { LAPSE_ACTOR, refreshLapsedRisks } from './lapsed-risks';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const rated = (level: number): ImpactRatings => ({
  ORGANISATION: 1,
  INDIVIDUALS: level,
  GROUPS: 1,
  SOCIETY: 1,
});

let store: InMemoryTenantStore;
let deps: RiskDeps;
let system: string;

beforeEach(async () => {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async () => true,
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
  system = (
    await registerAiSystem(
      manager,
      {
        name: 'Chatbot',
        purpose: 'Answers customer questions',
        lifecycleStage: 'USE',
        provenance: 'INTERNAL',
      },
      deps,
    )
  ).id;
});

/** A mitigated risk with a low residual accepted until `expiresOn`. */
async function accepted(expiresOn: string): Promise<Risk> {
  const risk = await createRisk(
    manager,
    {
      title: `Accepted until ${expiresOn}`,
      category: 'BIAS_FAIRNESS',
      ownerId: 'u-manager',
      likelihood: 4,
      impacts: rated(3),
      reviewDate: '2027-01-01',
      aiSystemIds: [system],
    },
    deps,
  );
  await treatRisk(
    manager,
    { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    deps,
  );
  await assessResidualRisk(
    manager,
    { id: risk.id, expectedVersion: 2, likelihood: 2, impacts: rated(2) },
    deps,
  );
  return acceptResidualRisk(
    manager,
    { id: risk.id, expectedVersion: 3, justification: 'Low residual after the fix', expiresOn },
    deps,
  );
}

const stored = async (id: string) => (await store.get(Risks, { id })) as Risk;
const job = (today: string) =>
  refreshLapsedRisks(store, today, {
    clock: { now: () => new Date(`${today}T02:00:00.000Z`) },
    ids: deps.ids,
  });

describe('refreshLapsedRisks (X-5 reminder job)', () => {
  it('X-5 re-saves only risks whose acceptance expired before today, with gap ACCEPTANCE_EXPIRED and a change record', async () => {
    const lapsing = await accepted('2026-04-01');
    const later = await accepted('2026-09-01');
    expect(lapsing).toMatchObject({ status: 'ACCEPTED', gap: null });

    // On its expiry day the acceptance still holds.
    expect(await job('2026-04-01')).toEqual({ refreshed: 0 });
    expect(await job('2026-04-02')).toEqual({ refreshed: 1 });
    expect(await stored(lapsing.id)).toMatchObject({
      gap: 'ACCEPTANCE_EXPIRED',
      version: lapsing.version + 1,
    });
    expect(await stored(later.id)).toMatchObject({ gap: null, version: later.version });
    const history = await store.history('Risk', lapsing.id, { limit: 1 });
    expect(history.entries[0]?.item).toMatchObject({ actorId: LAPSE_ACTOR });
  });

  it('X-5 is idempotent: a re-run finds nothing more to re-open', async () => {
    const lapsing = await accepted('2026-04-01');
    expect(await job('2026-05-01')).toEqual({ refreshed: 1 });
    expect(await job('2026-05-01')).toEqual({ refreshed: 0 });
    expect((await stored(lapsing.id)).version).toBe(lapsing.version + 1);
  });

  it('X-4 also re-saves a risk whose residual assessment fell overdue (RESIDUAL_NOT_ASSESSED)', async () => {
    const risk = await createRisk(
      manager,
      {
        title: 'Mitigated, actions done',
        category: 'BIAS_FAIRNESS',
        ownerId: 'u-manager',
        likelihood: 4,
        impacts: rated(3),
        reviewDate: '2027-01-01',
      },
      deps,
    );
    const decided = await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    const m = (await methodologyAt(store, 1)) as RiskMethodology;
    const done = applyTreatmentOutcome(
      decided,
      {
        activeActions: 1,
        doneActions: 1,
        allDoneOn: '2026-03-01',
        effectiveness: null,
        judgedBy: null,
        judgedAt: null,
      },
      m,
      '2026-03-01',
    );
    await store.commit([put(Risks, { ...done, version: 3 }, { version: 2 })]);
    expect(await job('2026-05-30')).toEqual({ refreshed: 0 });
    expect(await job('2026-05-31')).toEqual({ refreshed: 1 });
    expect((await stored(risk.id)).gap).toBe('RESIDUAL_NOT_ASSESSED');
  });
});
