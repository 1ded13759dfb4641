import { beforeEach, describe, expect, it } from 'vitest';
import { CustomControls } from '../controls/model';
import { registerAiSystem } from '../inventory/register-ai-system';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { methodologyAt, seedDefaultMethodology } from './manage-methodology';
import {
  acceptResidualRisk,
  assessResidualRisk,
  closeRisk,
  createRisk,
  type RiskDeps,
  treatRisk,
  updateRisk,
} from './manage-risks';
import { defaultMethodology, type ImpactRatings, type RiskMethodology, scoreRisk } from './methodology';
import { Risks } from './model';
import { gapOf, type Risk, withDerivedFacts } from './risk';
import { applyTreatmentOutcome, type TreatmentOutcome } from './treatment-outcome';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const NOW = '2026-03-01T10:00:00.000Z';
const TODAY = NOW.slice(0, 10);

let roles: Map<string, Role>;
let store: InMemoryTenantStore;
let deps: RiskDeps;
let system: string;
let m: RiskMethodology;

beforeEach(async () => {
  roles = new Map<string, Role>([
    ['u-manager', 'AIMS_MANAGER'],
    ['u-risk', 'AI_RISK_OWNER'],
    ['u-consultant', 'CONSULTANT'],
  ]);
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async (id) => roles.has(id),
    memberRole: async (id) => roles.get(id) ?? null,
    clock: { now: () => new Date(NOW) },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
  m = (await methodologyAt(store, 1)) as RiskMethodology;
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

const rated = (level: number): ImpactRatings => ({
  ORGANISATION: 1,
  INDIVIDUALS: level,
  GROUPS: 1,
  SOCIETY: 1,
});
const riskInput = (ownerId = 'u-risk') => ({
  title: 'Biased answers',
  category: 'BIAS_FAIRNESS',
  ownerId,
  likelihood: 4,
  impacts: rated(3),
  reviewDate: '2027-01-01',
  aiSystemIds: [system],
});
const stored = async (id: string) => (await store.get(Risks, { id })) as Risk;
const bad = (path: (string | number)[]) => ({
  code: 'BAD_USER_INPUT',
  fieldErrors: expect.arrayContaining([expect.objectContaining({ path })]),
});
const treat = (risk: Pick<Risk, 'id' | 'version'>, treatments: unknown[]) =>
  treatRisk(manager, { id: risk.id, expectedVersion: risk.version, treatments }, deps);
const residual = (risk: Pick<Risk, 'id' | 'version'>, level: number) =>
  assessResidualRisk(
    manager,
    { id: risk.id, expectedVersion: risk.version, likelihood: 3, impacts: rated(level) },
    deps,
  );
const putCustomControl = (ref: string) =>
  store.commit([
    put(
      CustomControls,
      {
        ref,
        tenantId: T,
        title: 'Human review of flagged answers',
        description: null,
        source: 'ORGANISATION',
        mappedAnnexA: ['A.9.2'],
        ownerId: null,
        retiredAt: null,
        version: 1,
        createdAt: NOW,
        updatedAt: NOW,
      },
      'absent',
    ),
  ]);
const outcome = (o: Partial<TreatmentOutcome>): TreatmentOutcome => ({
  activeActions: 2,
  doneActions: 2,
  allDoneOn: '2026-02-01',
  effectiveness: null,
  judgedBy: null,
  judgedAt: null,
  ...o,
});

describe('X-6 R6 R10 treatments list and owner rules', () => {
  it('X-6 a consultant owner is refused on createRisk and updateRisk → BAD_USER_INPUT at input.ownerId', async () => {
    await expect(createRisk(manager, riskInput('u-consultant'), deps)).rejects.toMatchObject(
      bad(['input', 'ownerId']),
    );
    const risk = await createRisk(manager, riskInput(), deps);
    await expect(
      updateRisk(manager, { id: risk.id, expectedVersion: 1, ownerId: 'u-consultant' }, deps),
    ).rejects.toMatchObject(bad(['input', 'ownerId']));
    expect((await stored(risk.id)).ownerId).toBe('u-risk');
  });

  it('X-6 TRANSFER with a consultant owner → BAD_USER_INPUT at input.ownerId', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    // The owner's membership became a consultant one after the risk was created.
    roles.set('u-risk', 'CONSULTANT');
    await expect(treat(risk, [{ option: 'TRANSFER', transferParty: 'Insurer plc' }])).rejects.toMatchObject(
      bad(['input', 'ownerId']),
    );
    expect((await stored(risk.id)).version).toBe(1);
  });

  it('X-6 ACCEPT cannot be combined with AVOID, and an option is given once', async () => {
    const risk = await createRisk(manager, { ...riskInput(), likelihood: 2, impacts: rated(2) }, deps);
    await expect(treat(risk, [{ option: 'ACCEPT' }, { option: 'AVOID' }])).rejects.toMatchObject(
      bad(['input', 'treatments']),
    );
    await expect(
      treat(risk, [
        { option: 'MITIGATE', controlRefs: ['A.7.4'] },
        { option: 'MITIGATE', controlRefs: ['A.9.2'] },
      ]),
    ).rejects.toMatchObject(bad(['input', 'treatments', 1, 'option']));
  });

  it('X-6 TRANSFER needs a party; TRANSFER + MITIGATE is stored as a list, not done until the residual is assessed', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    await expect(treat(risk, [{ option: 'TRANSFER' }])).rejects.toMatchObject(
      bad(['input', 'treatments', 0, 'transferParty']),
    );
    const treated = await treat(risk, [
      { option: 'TRANSFER', transferParty: 'Insurer plc' },
      { option: 'MITIGATE', controlRefs: ['A.7.4'] },
    ]);
    expect(treated.treatments.map((t) => [t.option, t.transferParty, t.controlRefs])).toEqual([
      ['TRANSFER', 'Insurer plc', []],
      ['MITIGATE', null, ['A.7.4']],
    ]);
    expect(treated.status).toBe('TREATMENT_DECIDED');
    expect((await residual(treated, 1)).status).toBe('RESIDUAL_ASSESSED');
  });

  it('X-6 a new decision replaces the previous one', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const first = await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]);
    const second = await treat(first, [{ option: 'AVOID' }]);
    expect(second.treatments.map((t) => t.option)).toEqual(['AVOID']);
  });
});

describe('X-8 R11 control refs', () => {
  it('X-8 MITIGATE with ORG-12 is accepted when ORG-12 exists in the tenant, and the link keys on the ref', async () => {
    await putCustomControl('ORG-12');
    const risk = await createRisk(manager, riskInput(), deps);
    const treated = await treat(risk, [{ option: 'MITIGATE', controlRefs: ['ORG-12', 'A.7.4'] }]);
    expect(treated.treatments[0]?.controlRefs).toEqual(['ORG-12', 'A.7.4']);
    const links = [...store.table.items.values()].filter((i) => i.entity === 'RiskControlLink');
    expect(links.map((l) => l.controlRef).sort()).toEqual(['A.7.4', 'ORG-12']);
  });

  it('X-8 MITIGATE with an unknown ref → BAD_USER_INPUT at input.treatments.0.controlRefs, nothing written', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    await expect(treat(risk, [{ option: 'MITIGATE', controlRefs: ['ORG-12'] }])).rejects.toMatchObject(
      bad(['input', 'treatments', 0, 'controlRefs']),
    );
    expect((await stored(risk.id)).version).toBe(1);
  });
});

describe('X-4 state machine', () => {
  it('X-4 OPEN → TREATMENT_DECIDED → RESIDUAL_ASSESSED → ACCEPTED → CLOSED', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    expect(risk).toMatchObject({ status: 'OPEN', gap: 'UNTREATED_ABOVE_THRESHOLD' });
    const decided = await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]);
    expect(decided).toMatchObject({ status: 'TREATMENT_DECIDED', gap: null });
    const assessed = await residual(decided, 4);
    expect(assessed).toMatchObject({ status: 'RESIDUAL_ASSESSED', gap: 'RESIDUAL_ABOVE_THRESHOLD' });
    const accepted = await acceptResidualRisk(
      { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' },
      {
        id: risk.id,
        expectedVersion: assessed.version,
        justification: 'Within appetite until the retraining ships',
        expiresOn: '2026-06-01',
      },
      { ...deps },
    ).catch(() => null);
    // Above the threshold only an appointee may accept; re-treating also clears the gap.
    expect(accepted).toBeNull();
    const lowered = await residual(assessed, 2);
    const ok = await acceptResidualRisk(
      manager,
      {
        id: risk.id,
        expectedVersion: lowered.version,
        justification: 'Low residual, reviewed by the manager',
        expiresOn: '2026-06-01',
      },
      deps,
    );
    expect(ok).toMatchObject({ status: 'ACCEPTED', gap: null });
    const closed = await closeRisk(
      manager,
      {
        id: risk.id,
        expectedVersion: ok.version,
        closureReason: 'RISK_NO_LONGER_EXISTS',
        explanation: 'The feature was removed from the product',
      },
      deps,
    );
    expect(closed.status).toBe('CLOSED');
  });

  it('X-4 a residual above the threshold stays a gap until re-treated', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const assessed = await residual(await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]), 4);
    expect(assessed.gap).toBe('RESIDUAL_ABOVE_THRESHOLD');
    const retreated = await treat(assessed, [{ option: 'MITIGATE', controlRefs: ['A.7.4', 'A.9.2'] }]);
    expect(retreated).toMatchObject({ status: 'TREATMENT_DECIDED', gap: null });
  });

  it('X-4 acceptResidualRisk needs the residual of the latest decision (CONFLICT INVALID_STATE)', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const assessed = await residual(await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]), 2);
    const again = await treat(assessed, [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }]);
    await expect(
      acceptResidualRisk(
        manager,
        {
          id: risk.id,
          expectedVersion: again.version,
          justification: 'Low residual risk now',
          expiresOn: '2026-06-01',
        },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } });
  });

  it('X-4 MITIGATE whose actions were all done more than 90 days ago, with no residual since, is a gap RESIDUAL_NOT_ASSESSED', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const decided = await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]);
    const done = applyTreatmentOutcome(decided, outcome({ allDoneOn: '2026-02-01' }), m, TODAY);
    expect(done.gap).toBeNull();
    expect(done.lapsesOn).toBe('2026-05-03');
    expect(gapOf(done, m, '2026-05-02')).toBeNull();
    expect(gapOf(done, m, '2026-05-03')).toBe('RESIDUAL_NOT_ASSESSED');
    // A residual assessed on or after the day the actions were done clears it.
    const assessed = {
      ...done,
      residualAssessedAt: '2026-02-01T12:00:00.000Z',
      status: 'RESIDUAL_ASSESSED' as const,
    };
    expect(gapOf(assessed, m, '2026-09-01')).toBeNull();
    // One assessed before the actions were done does not.
    const early = { ...done, residualAssessedAt: '2026-01-15T12:00:00.000Z' };
    expect(gapOf(early, m, '2026-09-01')).toBe('RESIDUAL_NOT_ASSESSED');
  });

  it('X-4 TRANSFER falls under the same 90-day rule; AVOID and ACCEPT alone do not', () => {
    const base = withDerivedFacts(
      {
        ...sample(),
        treatments: [entry('TRANSFER')],
        status: 'TREATMENT_DECIDED',
        treatmentOutcome: outcome({}),
      },
      m,
      TODAY,
    );
    expect(gapOf(base, m, '2026-06-01')).toBe('RESIDUAL_NOT_ASSESSED');
    expect(gapOf({ ...base, treatments: [entry('AVOID')] }, m, '2026-06-01')).toBeNull();
    expect(
      gapOf(
        {
          ...base,
          inherent: { ...base.inherent, score: 4 },
          treatments: [entry('ACCEPT')],
          status: 'ACCEPTED',
        },
        m,
        '2026-06-01',
      ),
    ).toBeNull();
  });

  it('X-4 risks stored before schema version 5 read a single treatment as a list, TREATED as the X-4 status', () => {
    const {
      treatments: _t,
      residualAssessedAt: _r,
      treatmentOutcome: _o,
      treatmentImplemented: _i,
      ...rest
    } = sample();
    const old = {
      ...rest,
      treatment: { ...entry('MITIGATE'), controlRefs: undefined, controlIds: ['A.7.4'] },
      status: 'TREATED',
    };
    expect(Risks.schema.parse(old)).toMatchObject({
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }],
      status: 'TREATMENT_DECIDED',
      treatmentOutcome: null,
      treatmentImplemented: false,
    });
    const assessed = Risks.schema.parse({ ...old, residual: rest.inherent });
    expect(assessed).toMatchObject({ status: 'RESIDUAL_ASSESSED', residualAssessedAt: rest.updatedAt });
    expect(Risks.schema.parse({ ...rest, treatment: null })).toMatchObject({
      treatments: [],
      status: 'OPEN',
    });
  });
});

describe('X-12 treatment outcome', () => {
  it('X-12 implemented only when every active action is done and the check is EFFECTIVE', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const decided = await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]);
    const partly = applyTreatmentOutcome(decided, outcome({ doneActions: 1, allDoneOn: null }), m, TODAY);
    expect(partly).toMatchObject({ treatmentImplemented: false, status: 'TREATMENT_DECIDED' });
    const unjudged = applyTreatmentOutcome(decided, outcome({}), m, TODAY);
    expect(unjudged.treatmentImplemented).toBe(false);
    const effective = applyTreatmentOutcome(
      decided,
      outcome({ effectiveness: 'EFFECTIVE', judgedBy: 'u-manager', judgedAt: NOW }),
      m,
      TODAY,
    );
    expect(effective).toMatchObject({
      treatmentImplemented: true,
      status: 'TREATMENT_DECIDED',
      treatmentOutcome: { effectiveness: 'EFFECTIVE', judgedBy: 'u-manager' },
    });
    expect(
      applyTreatmentOutcome(decided, outcome({ activeActions: 0, doneActions: 0 }), m, TODAY)
        .treatmentImplemented,
    ).toBe(false);
  });

  it('X-12 NOT_EFFECTIVE moves the risk to RETREAT, a gap TREATMENT_NOT_EFFECTIVE, until a new decision', async () => {
    const risk = await createRisk(manager, riskInput(), deps);
    const assessed = await residual(await treat(risk, [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }]), 2);
    const failed = applyTreatmentOutcome(assessed, outcome({ effectiveness: 'NOT_EFFECTIVE' }), m, TODAY);
    expect(failed).toMatchObject({
      status: 'RETREAT',
      gap: 'TREATMENT_NOT_EFFECTIVE',
      treatmentImplemented: false,
    });
    // Saved as the plan module does, in its own commit.
    await store.commit([
      put(Risks, { ...failed, version: assessed.version + 1 }, { version: assessed.version }),
    ]);
    const inRetreat = await stored(risk.id);
    await expect(
      acceptResidualRisk(
        manager,
        {
          id: risk.id,
          expectedVersion: inRetreat.version,
          justification: 'Low residual risk now',
          expiresOn: '2026-06-01',
        },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } });
    expect((await residual(inRetreat, 2)).status).toBe('RETREAT');
    const again = await treat(await stored(risk.id), [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }]);
    expect(again).toMatchObject({ status: 'TREATMENT_DECIDED', gap: null });
  });

  it('X-12 a closed risk stays closed whatever the outcome', () => {
    const closed = withDerivedFacts(
      { ...sample(), treatments: [entry('MITIGATE')], status: 'CLOSED' },
      m,
      TODAY,
    );
    expect(applyTreatmentOutcome(closed, outcome({ effectiveness: 'NOT_EFFECTIVE' }), m, TODAY).status).toBe(
      'CLOSED',
    );
  });
});

function entry(option: 'MITIGATE' | 'ACCEPT' | 'TRANSFER' | 'AVOID'): Risk['treatments'][number] {
  return {
    option,
    controlRefs: option === 'MITIGATE' ? ['A.7.4'] : [],
    transferParty: option === 'TRANSFER' ? 'Insurer plc' : null,
    acceptance:
      option === 'ACCEPT'
        ? { signedOffBy: 'u-manager', signedOffAt: NOW, justification: 'Low risk', aboveThreshold: false }
        : null,
    stopUseCase: option === 'AVOID',
    notes: null,
    decidedBy: 'u-manager',
    decidedAt: NOW,
  };
}

function sample(): Risk {
  const inherent = scoreRisk(defaultMethodology(T, NOW, 'u-manager'), 4, rated(3));
  return {
    id: 'r-1',
    tenantId: T,
    title: 'A risk',
    description: null,
    category: 'SAFETY',
    aiSystemIds: ['s1'],
    ownerId: 'u-risk',
    methodologyVersion: 1,
    inherent,
    treatments: [],
    residual: null,
    residualAssessedAt: null,
    treatmentOutcome: null,
    treatmentImplemented: false,
    reviewDate: '2027-01-01',
    status: 'OPEN',
    sourceFinding: null,
    currentBand: 'HIGH',
    aboveThreshold: true,
    gap: null,
    residualAcceptance: null,
    closure: null,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
  };
}
