import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS } from '../annex-a/catalogue';
import { changeRecordSchema } from '../audit/change-record';
import { Appointments } from '../governance/model';
import { registerAiSystem } from '../inventory/register-ai-system';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { approveRiskMethodology } from './approve-risk-methodology';
import { seedDefaultMethodology, updateRiskMethodology } from './manage-methodology';
import {
  acceptResidualRisk,
  assessResidualRisk,
  closeRisk,
  createRisk,
  type RiskDeps,
  rescoreRisk,
  treatRisk,
  updateRisk,
} from './manage-risks';
import { defaultMethodology, type ImpactArea, type ImpactRatings, scoreRisk } from './methodology';
import { RiskActionLists, RiskCountsStore, Risks } from './model';
import { untreatedRisksAboveThreshold } from './query-risks';
import { currentScore, type Risk, withDerivedFacts } from './risk';

const T = 't1';
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const riskOwner: TenantScope = { tenantId: T, actorId: 'u-risk', role: 'AI_RISK_OWNER' };
const members = new Set(['u-manager', 'u-risk']);
const consultant: TenantScope = { tenantId: T, actorId: 'u-consultant', role: 'CONSULTANT' };

/** Writes an accepted, active appointment of `kind` for `userId`. */
const appointed = (userId: string, kind: 'AI_RISK_OWNER' | 'COMMITTEE_MEMBER' | 'TOP_MANAGEMENT') =>
  store.commit([
    put(
      Appointments,
      {
        id: `ap-${userId}-${kind}`,
        tenantId: T,
        kind,
        userId,
        subjectRef: null,
        committeeFunction: null,
        responsibilities: [],
        authorities: [],
        appointedBy: 'u-manager',
        appointedAt: '2026-01-01T00:00:00.000Z',
        acceptedAt: '2026-01-02T00:00:00.000Z',
        endedAt: null,
        endReason: null,
        version: 2,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-02T00:00:00.000Z',
      },
      'absent',
    ),
  ]);
const closeInput = (id: string, expectedVersion: number) => ({
  id,
  expectedVersion,
  closureReason: 'RISK_NO_LONGER_EXISTS',
  explanation: 'The feature was removed from the product',
});

let store: InMemoryTenantStore;
let deps: RiskDeps;
let s1: string;
let s2: string;
let s3: string;

async function setup() {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async (id) => members.has(id),
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  await seedDefaultMethodology(T, manager.actorId, deps);
  const system = { purpose: 'Answers customer questions', lifecycleStage: 'USE', provenance: 'INTERNAL' };
  s1 = (await registerAiSystem(manager, { ...system, name: 'Chatbot' }, deps)).id;
  s2 = (await registerAiSystem(manager, { ...system, name: 'Scorer' }, deps)).id;
  s3 = (await registerAiSystem(manager, { ...system, name: 'Ranker' }, deps)).id;
}

beforeEach(setup);

/** Every area of the default methodology rated: `level` on {area}, 1 elsewhere, so MAX scores `level`. */
const rated = (level: number, area: ImpactArea = 'INDIVIDUALS'): ImpactRatings => ({
  ORGANISATION: 1,
  INDIVIDUALS: 1,
  GROUPS: 1,
  SOCIETY: 1,
  [area]: level,
});

const input = (likelihood: number, impact: number, aiSystemIds: string[] = [s1]) => ({
  title: 'Biased answers',
  category: 'BIAS_FAIRNESS',
  ownerId: 'u-risk',
  likelihood,
  impacts: rated(impact),
  reviewDate: '2027-01-01',
  aiSystemIds,
});

/** Stored items of one entity type. */
const items = (entity: string) => [...store.table.items.values()].filter((i) => i.entity === entity);
const storedRisks = () => items('Risk').map((i) => Risks.schema.parse(i));
const systemLinks = () =>
  items('RiskSystemLink')
    .map((i) => `${i.riskId}>${i.aiSystemId}@${i.score}`)
    .sort();
const controlLinks = () =>
  items('RiskControlLink')
    .map((i) => `${i.riskId}>${i.controlRef}:${i.aboveThreshold ? 'above' : 'within'}`)
    .sort();

/** The heat-map counters of a methodology version, without cells that went back to zero. */
async function counters(methodologyVersion = 1) {
  const counts = await store.get(RiskCountsStore, { methodologyVersion });
  return Object.fromEntries(Object.entries(counts?.cells ?? {}).filter(([, n]) => n !== 0));
}

/** What the counters must hold: one per open risk in its inherent and current cells. */
function countsOf(risks: Risk[], methodologyVersion = 1) {
  const cells: Record<string, number> = {};
  for (const r of risks) {
    if (r.status === 'CLOSED' || r.methodologyVersion !== methodologyVersion) continue;
    const now = currentScore(r);
    for (const cell of [
      `i_${r.inherent.likelihood}_${r.inherent.impact}`,
      `r_${now.likelihood}_${now.impact}`,
    ])
      cells[cell] = (cells[cell] ?? 0) + 1;
  }
  return cells;
}

/** Every derived item matches what the stored risks imply: no leftovers, no double counts. */
async function expectDerivedItemsExact() {
  const risks = storedRisks();
  expect(await counters(1)).toEqual(countsOf(risks, 1));
  expect(systemLinks()).toEqual(
    risks.flatMap((r) => r.aiSystemIds.map((s) => `${r.id}>${s}@${r.inherent.score}`)).sort(),
  );
  expect(controlLinks()).toEqual(
    risks
      .filter((r) => r.status !== 'CLOSED')
      .flatMap((r) =>
        [...new Set(r.treatments.flatMap((t) => t.controlRefs))].map(
          (c) => `${r.id}>${c}:${r.aboveThreshold ? 'above' : 'within'}`,
        ),
      )
      .sort(),
  );
}

describe('createRisk', () => {
  it('writes the risk at version 1 with its change record, one link per system and its counter cells', async () => {
    const risk = await createRisk(manager, input(4, 3, [s1, s2, s1]), deps);
    expect(risk).toMatchObject({
      version: 1,
      aiSystemIds: [s1, s2],
      methodologyVersion: 1,
      inherent: { likelihood: 4, impact: 3, score: 12, band: 'HIGH' },
      currentBand: 'HIGH',
      status: 'OPEN',
    });
    expect(await store.get(Risks, { id: risk.id })).toEqual(risk);
    const changes = items('ChangeRecord')
      .map((i) => changeRecordSchema.parse(i))
      .filter((c) => c.entityType === 'Risk');
    expect(changes).toEqual([
      expect.objectContaining({ entityId: risk.id, action: 'CREATED', version: 1, before: null }),
    ]);
    expect(systemLinks()).toEqual([`${risk.id}>${s1}@12`, `${risk.id}>${s2}@12`]);
    expect(await counters()).toEqual({ i_4_3: 1, r_4_3: 1 });
  });

  it('adds to the counters of earlier risks rather than replacing them', async () => {
    await createRisk(manager, input(4, 3), deps);
    await createRisk(manager, input(4, 3, [s2]), deps);
    await createRisk(manager, input(1, 2, []), deps);
    expect(await counters()).toEqual({ i_4_3: 2, r_4_3: 2, i_1_2: 1, r_1_2: 1 });
    await expectDerivedItemsExact();
  });

  it('marks an untreated risk above the threshold as a gap, and one at or under it not', async () => {
    const above = await createRisk(manager, input(3, 3), deps);
    const at = await createRisk(manager, input(2, 4), deps);
    expect(above).toMatchObject({ aboveThreshold: true, gap: 'UNTREATED_ABOVE_THRESHOLD' });
    expect(at).toMatchObject({ aboveThreshold: false, gap: null });
  });

  it('refuses an unknown AI system at input.aiSystemIds and writes nothing', async () => {
    const before = store.table.items.size;
    const error = await createRisk(manager, input(2, 2, [s1, 'ghost']), deps).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual([
      { path: ['input', 'aiSystemIds'], message: expect.stringContaining('ghost') },
    ]);
    expect(store.table.items.size).toBe(before);
  });
});

describe('updateRisk', () => {
  it('moves system links and counters exactly when the risk is re-scored', async () => {
    const risk = await createRisk(manager, input(4, 3, [s1, s2]), deps);
    const rescored = await updateRisk(manager, { id: risk.id, expectedVersion: 1, likelihood: 2 }, deps);
    expect(rescored).toMatchObject({ version: 2, inherent: { score: 6 }, gap: null });
    expect(systemLinks()).toEqual([`${risk.id}>${s1}@6`, `${risk.id}>${s2}@6`]);
    expect(await counters()).toEqual({ i_2_3: 1, r_2_3: 1 });
    await expectDerivedItemsExact();
  });

  it('moves system links exactly when the systems change', async () => {
    const risk = await createRisk(manager, input(2, 2, [s1, s2]), deps);
    await updateRisk(manager, { id: risk.id, expectedVersion: 1, aiSystemIds: [s2, s3] }, deps);
    expect(systemLinks()).toEqual([`${risk.id}>${s2}@4`, `${risk.id}>${s3}@4`]);
    expect(await counters()).toEqual({ i_2_2: 1, r_2_2: 1 });
  });

  it('leaves counters and links as they are for an edit that does not touch them', async () => {
    const risk = await createRisk(manager, input(2, 2, [s1]), deps);
    await updateRisk(manager, { id: risk.id, expectedVersion: 1, title: 'Renamed risk' }, deps);
    expect(await counters()).toEqual({ i_2_2: 1, r_2_2: 1 });
    expect(systemLinks()).toEqual([`${risk.id}>${s1}@4`]);
  });

  it('refuses a stale expectedVersion with VERSION_MISMATCH and the current version, writing nothing', async () => {
    const risk = await createRisk(manager, input(4, 3), deps);
    await updateRisk(manager, { id: risk.id, expectedVersion: 1, title: 'Second title' }, deps);
    const snapshot = JSON.stringify([...store.table.items.entries()]);
    const error = await updateRisk(manager, { id: risk.id, expectedVersion: 1, likelihood: 1 }, deps).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.extensions).toMatchObject({
      reason: 'VERSION_MISMATCH',
      expectedVersion: 1,
      currentVersion: 2,
    });
    expect(JSON.stringify([...store.table.items.entries()])).toBe(snapshot);
  });

  it('refuses a newly named unknown AI system at input.aiSystemIds', async () => {
    const risk = await createRisk(manager, input(2, 2), deps);
    await expect(
      updateRisk(manager, { id: risk.id, expectedVersion: 1, aiSystemIds: [s1, 'ghost'] }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'aiSystemIds'] }] });
    expect(systemLinks()).toEqual([`${risk.id}>${s1}@4`]);
  });

  it('closing removes the counter contribution and control links; reopening brings them back', async () => {
    const risk = await createRisk(manager, input(4, 3, [s1]), deps);
    await treatRisk(
      manager,
      {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4', 'A.7.4'] }],
      },
      deps,
    );
    expect(controlLinks()).toHaveLength(2);
    const closed = await closeRisk(manager, closeInput(risk.id, 2), deps);
    expect(closed).toMatchObject({ status: 'CLOSED', gap: null });
    expect(await counters()).toEqual({});
    expect(controlLinks()).toEqual([]);
    // The system's register still lists the closed risk.
    expect(systemLinks()).toEqual([`${risk.id}>${s1}@12`]);
    await expectDerivedItemsExact();

    const reopened = await updateRisk(manager, { id: risk.id, expectedVersion: 3, status: 'OPEN' }, deps);
    expect(reopened.status).toBe('TREATMENT_DECIDED');
    expect(await counters()).toEqual({ i_4_3: 1, r_4_3: 1 });
    expect(controlLinks()).toEqual([`${risk.id}>A.6.2.4:above`, `${risk.id}>A.7.4:above`]);
  });
});

describe('treatRisk and assessResidualRisk', () => {
  it('a MITIGATE treatment writes risk↔control links carrying aboveThreshold, kept current by the residual', async () => {
    const risk = await createRisk(manager, input(4, 3), deps);
    const treated = await treatRisk(
      manager,
      {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4', 'A.7.4', 'A.9.2'] }],
      },
      deps,
    );
    expect(treated).toMatchObject({ status: 'TREATMENT_DECIDED', gap: null, aboveThreshold: true });
    expect(controlLinks()).toEqual([`${risk.id}>A.7.4:above`, `${risk.id}>A.9.2:above`]);

    const residual = await assessResidualRisk(
      manager,
      { id: risk.id, expectedVersion: 2, likelihood: 2, impacts: rated(2) },
      deps,
    );
    expect(residual).toMatchObject({ aboveThreshold: false, currentBand: 'LOW' });
    expect(controlLinks()).toEqual([`${risk.id}>A.7.4:within`, `${risk.id}>A.9.2:within`]);
    // The current (residual) cell moves; the inherent cell stays.
    expect(await counters()).toEqual({ i_4_3: 1, r_2_2: 1 });
    await expectDerivedItemsExact();
  });

  it('changing the treatment away from MITIGATE removes the control links', async () => {
    const risk = await createRisk(manager, input(4, 3), deps);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    await appointed('u-risk', 'AI_RISK_OWNER');
    const accepted = await treatRisk(
      riskOwner,
      {
        id: risk.id,
        expectedVersion: 2,
        treatments: [{ option: 'ACCEPT', justification: 'Compensated by manual review' }],
      },
      deps,
    );
    expect(accepted.status).toBe('ACCEPTED');
    expect(controlLinks()).toEqual([]);
  });

  it('refuses to treat a closed risk', async () => {
    const risk = await createRisk(manager, input(2, 2), deps);
    await closeRisk(manager, closeInput(risk.id, 1), deps);
    await expect(
      treatRisk(
        manager,
        { id: risk.id, expectedVersion: 2, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } });
  });
});

describe('rescoreRisk', () => {
  it('moves the counter contribution from the old methodology version to the new one', async () => {
    const risk = await createRisk(manager, input(3, 4), deps);
    const m = defaultMethodology(T, '', '');
    await updateRiskMethodology(
      manager,
      {
        expectedVersion: 1,
        likelihoodScale: m.likelihoodScale,
        impactScale: m.impactScale,
        impactAreas: m.impactAreas,
        aggregation: m.aggregation,
        bands: m.bands,
        acceptanceThreshold: 12,
        customCategories: [],
      },
      deps,
    );
    // The edit is a draft until top management approves it.
    await store.commit([
      put(
        Appointments,
        {
          id: 'ap-1',
          tenantId: T,
          kind: 'TOP_MANAGEMENT',
          userId: 'u-top',
          subjectRef: null,
          committeeFunction: null,
          responsibilities: [],
          authorities: [],
          appointedBy: 'u-manager',
          appointedAt: '2026-01-01T00:00:00.000Z',
          acceptedAt: '2026-01-02T00:00:00.000Z',
          endedAt: null,
          endReason: null,
          version: 2,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-02T00:00:00.000Z',
        },
        'absent',
      ),
    ]);
    await approveRiskMethodology(
      { tenantId: T, actorId: 'u-top', role: 'COMMITTEE_MEMBER' },
      { version: 2 },
      deps,
    );
    const rescored = await rescoreRisk(manager, { id: risk.id, expectedVersion: 1 }, deps);
    expect(rescored).toMatchObject({ methodologyVersion: 2, aboveThreshold: false, gap: null });
    expect(await counters(1)).toEqual({});
    expect(await counters(2)).toEqual({ i_3_4: 1, r_3_4: 1 });
  });
});

describe('derived items under any sequence of writes', () => {
  type Op =
    | { kind: 'score'; l: number; i: number }
    | { kind: 'systems'; pick: boolean[] }
    | { kind: 'close' }
    | { kind: 'reopen' }
    | { kind: 'mitigate'; controls: string[] }
    | { kind: 'residual'; l: number; i: number };
  const level = fc.integer({ min: 1, max: 5 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('score' as const), l: level, i: level }),
    fc.record({
      kind: fc.constant('systems' as const),
      pick: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    }),
    fc.constant({ kind: 'close' as const }),
    fc.constant({ kind: 'reopen' as const }),
    fc.record({
      kind: fc.constant('mitigate' as const),
      controls: fc.subarray(['A.6.2.4', 'A.7.4', 'A.9.2'], { minLength: 1 }),
    }),
    fc.record({ kind: fc.constant('residual' as const), l: level, i: level }),
  );

  it('keeps links and counters equal to what the stored risks imply', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(2), op), { maxLength: 12 }), async (steps) => {
        await setup();
        const ids = [
          (await createRisk(manager, input(4, 3, [s1]), deps)).id,
          (await createRisk(manager, input(2, 2, [s1, s2]), deps)).id,
          (await createRisk(manager, input(5, 5, []), deps)).id,
        ];
        for (const [which, step] of steps) {
          const id = ids[which] as string;
          const current = (await store.get(Risks, { id })) as Risk;
          const at = { id, expectedVersion: current.version };
          const systems = [s1, s2, s3];
          await (async () => {
            switch (step.kind) {
              case 'score':
                return updateRisk(manager, { ...at, likelihood: step.l, impacts: rated(step.i) }, deps);
              case 'systems':
                return updateRisk(
                  manager,
                  { ...at, aiSystemIds: systems.filter((_, n) => step.pick[n]) },
                  deps,
                );
              case 'close':
                return updateRisk(manager, { ...at, status: 'CLOSED' }, deps);
              case 'reopen':
                return updateRisk(manager, { ...at, status: 'OPEN' }, deps);
              case 'mitigate':
                return treatRisk(
                  manager,
                  { ...at, treatments: [{ option: 'MITIGATE', controlRefs: step.controls }] },
                  deps,
                );
              case 'residual':
                return assessResidualRisk(
                  manager,
                  { ...at, likelihood: step.l, impacts: rated(step.i) },
                  deps,
                );
            }
          })().catch((e) => {
            // Only the rules may refuse a step (a closed risk is not treated, no residual before a treatment).
            if (!(e instanceof ConflictError || e instanceof ValidationError)) throw e;
          });
          await expectDerivedItemsExact();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('derived facts', () => {
  const m = defaultMethodology(T, '2026-01-01T00:00:00.000Z', 'u-manager');
  it('sets the gap only for risks that are not closed, untreated and above the threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('OPEN', 'CLOSED'),
        fc.boolean(),
        (l, i, status: 'OPEN' | 'CLOSED', treated) => {
          const inherent = scoreRisk(m, l, rated(i, 'SOCIETY'));
          const risk = withDerivedFacts(
            {
              id: 'r',
              tenantId: T,
              title: 'Risk',
              description: null,
              category: 'SAFETY',
              aiSystemIds: ['s'],
              ownerId: 'u-risk',
              methodologyVersion: 1,
              inherent,
              treatments: treated
                ? [
                    {
                      option: 'MITIGATE',
                      controlRefs: ['A.7.4'],
                      transferParty: null,
                      acceptance: null,
                      stopUseCase: false,
                      notes: null,
                      decidedBy: 'u-manager',
                      decidedAt: '2026-01-01T00:00:00.000Z',
                    },
                  ]
                : [],
              residual: null,
              residualAssessedAt: null,
              treatmentOutcome: null,
              treatmentImplemented: false,
              reviewDate: '2027-01-01',
              status,
              sourceFinding: null,
              currentBand: 'LOW',
              aboveThreshold: false,
              gap: null,
              residualAcceptance: null,
              closure: null,
              version: 1,
              createdAt: '',
              updatedAt: '',
            },
            m,
          );
          const expected = status !== 'CLOSED' && !treated && l * i > m.acceptanceThreshold;
          expect(risk.gap).toBe(expected ? 'UNTREATED_ABOVE_THRESHOLD' : null);
          expect(risk.aboveThreshold).toBe(l * i > m.acceptanceThreshold);
          expect(risk.currentBand).toBe(inherent.band);
        },
      ),
    );
  });
});

describe('X-2 every area rated or marked not applicable', () => {
  const missing = {
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      {
        path: ['input', 'impacts'],
        message: expect.stringContaining('missing: INDIVIDUALS, GROUPS, SOCIETY'),
      },
    ],
  };
  const onlyOrganisation = { ORGANISATION: 3 };

  it('X-2 createRisk with only ORGANISATION → BAD_USER_INPUT listing the missing areas', async () => {
    await expect(
      createRisk(manager, { ...input(3, 3), impacts: onlyOrganisation }, deps),
    ).rejects.toMatchObject(missing);
    expect(storedRisks()).toEqual([]);
  });

  it('X-2 updateRisk, assessResidualRisk and rescoreRisk with only ORGANISATION → BAD_USER_INPUT listing the missing areas', async () => {
    const risk = await createRisk(manager, input(3, 3), deps);
    const at = { id: risk.id, expectedVersion: 1, likelihood: 2, impacts: onlyOrganisation };
    await expect(updateRisk(manager, at, deps)).rejects.toMatchObject(missing);
    await expect(rescoreRisk(manager, at, deps)).rejects.toMatchObject(missing);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    await expect(assessResidualRisk(manager, { ...at, expectedVersion: 2 }, deps)).rejects.toMatchObject(
      missing,
    );
  });

  it('X-2 stores a NOT_APPLICABLE area with its reason and keeps it when re-scored', async () => {
    const risk = await createRisk(
      manager,
      {
        ...input(3, 3),
        impacts: {
          ORGANISATION: 2,
          INDIVIDUALS: 3,
          GROUPS: { notApplicable: 'The system serves one internal team only' },
          SOCIETY: 1,
        },
      },
      deps,
    );
    expect(risk.inherent).toMatchObject({
      impacts: { ORGANISATION: 2, INDIVIDUALS: 3, SOCIETY: 1 },
      notApplicable: { GROUPS: 'The system serves one internal team only' },
      impact: 3,
    });
    const rescored = await rescoreRisk(manager, { id: risk.id, expectedVersion: 1 }, deps);
    expect(rescored.inherent.notApplicable).toEqual({ GROUPS: 'The system serves one internal team only' });
    expect(storedRisks()[0]?.inherent.notApplicable).toEqual({
      GROUPS: 'The system serves one internal team only',
    });
  });

  it('X-2 reads a score stored before R2 (no notApplicable) as having none', () => {
    const stored = { ...withDerivedFacts(sampleRisk(), defaultMethodology(T, '', '')) } as Record<
      string,
      unknown
    >;
    const { notApplicable: _n, ...legacyInherent } = (stored as unknown as Risk).inherent;
    const parsed = Risks.schema.parse({ ...stored, inherent: legacyInherent });
    expect(parsed.inherent.notApplicable).toEqual({});
  });
});

describe('risk life cycle (X-4, X-5, X-7)', () => {
  /** A risk scored 12 (threshold 8), mitigated, with a residual of `l`×`i`; version 3. */
  async function mitigated(l: number, i: number) {
    const risk = await createRisk(manager, input(4, 3), deps);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    return assessResidualRisk(
      manager,
      { id: risk.id, expectedVersion: 2, likelihood: l, impacts: rated(i) },
      deps,
    );
  }
  const acceptance = (id: string, expectedVersion: number, expiresOn = '2026-09-01') => ({
    id,
    expectedVersion,
    justification: 'Residual accepted while the vendor fix ships',
    expiresOn,
    conditions: 'Weekly spot checks',
  });

  const gapsOf = () =>
    untreatedRisksAboveThreshold(
      manager,
      {},
      {
        ...deps,
        cursors: new CursorCodec({ current: cursorKey('0123456789abcdef0123456789abcdef') }),
      },
    );

  it('X-4 R4 a MITIGATE risk whose residual is still above the threshold is a gap RESIDUAL_ABOVE_THRESHOLD', async () => {
    const risk = await mitigated(3, 3);
    expect(risk).toMatchObject({
      status: 'RESIDUAL_ASSESSED',
      aboveThreshold: true,
      gap: 'RESIDUAL_ABOVE_THRESHOLD',
    });
    const gaps = await gapsOf();
    expect(gaps.edges.map((e) => [e.node.id, e.node.gap])).toEqual([[risk.id, 'RESIDUAL_ABOVE_THRESHOLD']]);
    const low = await mitigated(2, 2);
    expect(low.gap).toBeNull();
  });

  it('X-5 an appointed AI risk owner accepts a residual above the threshold, which closes the gap until it expires', async () => {
    const risk = await mitigated(3, 3);
    await appointed('u-risk', 'AI_RISK_OWNER');
    const accepted = await acceptResidualRisk(riskOwner, acceptance(risk.id, 3), deps);
    expect(accepted).toMatchObject({
      gap: null,
      residualAcceptance: {
        residualScore: 9,
        acceptedBy: 'u-risk',
        expiresOn: '2026-09-01',
        conditions: 'Weekly spot checks',
      },
    });
    expect((await gapsOf()).edges).toEqual([]);
  });

  it('X-5 a committee appointee whatever their membership role may accept above the threshold', async () => {
    const risk = await mitigated(3, 3);
    await appointed('u-manager', 'COMMITTEE_MEMBER');
    expect((await acceptResidualRisk(manager, acceptance(risk.id, 3), deps)).gap).toBeNull();
  });

  it('X-5 R5 refuses a consultant (FORBIDDEN) even at or under the threshold, and a non-appointee above it', async () => {
    const risk = await mitigated(3, 3);
    await expect(acceptResidualRisk(consultant, acceptance(risk.id, 3), deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // The AI_RISK_OWNER membership role alone is not an appointment (R13).
    await expect(acceptResidualRisk(riskOwner, acceptance(risk.id, 3), deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const low = await mitigated(2, 2);
    await expect(acceptResidualRisk(consultant, acceptance(low.id, 3), deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await acceptResidualRisk(manager, acceptance(low.id, 3), deps)).residualAcceptance).toMatchObject(
      {
        acceptedBy: 'u-manager',
      },
    );
  });

  it('X-5 the ACCEPT treatment above the threshold goes through the same appointment check', async () => {
    const risk = await createRisk(manager, input(4, 3), deps);
    const accept = {
      id: risk.id,
      expectedVersion: 1,
      treatments: [{ option: 'ACCEPT', justification: 'Compensated by manual review' }],
    };
    await expect(treatRisk(riskOwner, accept, deps)).rejects.toBeInstanceOf(ForbiddenError);
    const low = await createRisk(manager, input(2, 2), deps);
    await expect(
      treatRisk(consultant, { id: low.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }] }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await appointed('u-manager', 'COMMITTEE_MEMBER');
    expect((await treatRisk(manager, accept, deps)).status).toBe('ACCEPTED');
  });

  it('X-5 validates the justification, an expiry at most 12 months ahead, and needs an assessed residual', async () => {
    const risk = await mitigated(2, 2);
    await expect(
      acceptResidualRisk(manager, { ...acceptance(risk.id, 3, '2027-03-02'), justification: 'short' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ path: ['input', 'justification'] })],
    });
    await expect(
      acceptResidualRisk(manager, acceptance(risk.id, 3, '2027-03-02'), deps),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await acceptResidualRisk(manager, acceptance(risk.id, 3, '2027-03-01'), deps)).version).toBe(4);
    const untreated = await createRisk(manager, input(2, 2), deps);
    await expect(acceptResidualRisk(manager, acceptance(untreated.id, 1), deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('X-5 an acceptance past expiresOn makes the risk a gap ACCEPTANCE_EXPIRED on the next write', async () => {
    const risk = await mitigated(3, 3);
    await appointed('u-risk', 'AI_RISK_OWNER');
    await acceptResidualRisk(riskOwner, acceptance(risk.id, 3, '2026-03-15'), deps);
    deps.clock = { now: () => new Date('2026-03-16T08:00:00.000Z') };
    const later = await updateRisk(
      manager,
      { id: risk.id, expectedVersion: 4, reviewDate: '2027-02-01' },
      deps,
    );
    expect(later.gap).toBe('ACCEPTANCE_EXPIRED');
    const gaps = await gapsOf();
    expect(gaps.edges.map((e) => e.node.gap)).toEqual(['ACCEPTANCE_EXPIRED']);
  });

  it('X-5 a residual re-assessed above the accepted score is a gap again', async () => {
    const risk = await mitigated(3, 3);
    await appointed('u-risk', 'AI_RISK_OWNER');
    await acceptResidualRisk(riskOwner, acceptance(risk.id, 3), deps);
    const worse = await assessResidualRisk(
      manager,
      { id: risk.id, expectedVersion: 4, likelihood: 4, impacts: rated(3) },
      deps,
    );
    expect(worse).toMatchObject({
      gap: 'RESIDUAL_ABOVE_THRESHOLD',
      residualAcceptance: { residualScore: 9 },
    });
  });

  it('X-7 R8 closeRisk records the reason; updateRisk refuses CLOSED; an untreated risk above the threshold cannot close', async () => {
    const risk = await createRisk(manager, input(4, 3), deps);
    await expect(
      updateRisk(manager, { id: risk.id, expectedVersion: 1, status: 'CLOSED' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'status'], message: expect.stringContaining('closeRisk') }],
    });
    await expect(closeRisk(manager, closeInput(risk.id, 1), deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'INVALID_STATE' },
    });
    await expect(
      closeRisk(manager, { ...closeInput(risk.id, 1), explanation: 'gone' }, deps),
    ).rejects.toBeInstanceOf(ValidationError);
    await treatRisk(
      manager,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    const closed = await closeRisk(manager, closeInput(risk.id, 2), deps);
    expect(closed).toMatchObject({
      status: 'CLOSED',
      gap: null,
      closure: {
        reason: 'RISK_NO_LONGER_EXISTS',
        closedBy: 'u-manager',
        closedAt: '2026-03-01T10:00:00.000Z',
      },
    });
    const reopened = await updateRisk(manager, { id: risk.id, expectedVersion: 3, status: 'OPEN' }, deps);
    expect(reopened).toMatchObject({ status: 'TREATMENT_DECIDED', closure: null });
  });

  it('X-5 X-7 risks stored before schema version 4 read with no acceptance and no closure', () => {
    const { residualAcceptance: _a, closure: _c, ...old } = sampleRisk();
    expect(Risks.schema.parse(old)).toMatchObject({ residualAcceptance: null, closure: null });
  });
});

function sampleRisk(): Risk {
  const m = defaultMethodology(T, '', '');
  const inherent = scoreRisk(m, 2, rated(2));
  return {
    id: 'r-old',
    tenantId: T,
    title: 'Old risk',
    description: null,
    category: 'SAFETY',
    aiSystemIds: [],
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
    currentBand: inherent.band,
    aboveThreshold: false,
    gap: null,
    residualAcceptance: null,
    closure: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('transaction size', () => {
  it('re-scores a risk linked to the most systems and controls allowed in one transaction', async () => {
    const fixture = await rescoreFixture();
    const moved = await updateRisk(
      fixture.manager,
      { id: fixture.risk.id, expectedVersion: fixture.risk.version, likelihood: 1 },
      fixture.deps,
    );
    expect(moved.inherent.likelihood).toBe(1);
  });

  it('answers a change that would exceed 100 items with BAD_USER_INPUT, never a server fault', async () => {
    const store = new InMemoryTenantStore('t-big');
    const writes = Array.from({ length: 101 }, (_, i) =>
      put(RiskActionLists, { riskId: `r${i}`, actionIds: [], version: 1 }, 'any'),
    );
    await expect(store.commit(writes)).rejects.toBeInstanceOf(ValidationError);
  });
});

/** A risk above the threshold, mitigated by 38 controls and linked to 25 systems: the most a write may move. */
async function rescoreFixture() {
  const system = { purpose: 'Scores claims', lifecycleStage: 'USE', provenance: 'INTERNAL' };
  const systems = [];
  for (let i = 0; i < 25; i++)
    systems.push((await registerAiSystem(manager, { ...system, name: `S${i}` }, deps)).id);
  const created = await createRisk(manager, input(5, 5, systems), deps);
  const treated = await treatRisk(
    manager,
    {
      id: created.id,
      expectedVersion: created.version,
      treatments: [{ option: 'MITIGATE', controlRefs: ANNEX_A_CONTROLS.map((c) => c.id) }],
    },
    deps,
  );
  return { manager, deps, risk: treated };
}
