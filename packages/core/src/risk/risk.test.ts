import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { ROLES } from '../tenancy/roles';
import { defaultMethodology, type ImpactRatings, scoreRisk } from './methodology';
import {
  decideTreatments,
  isUntreatedAboveThreshold,
  type Risk,
  recheckAcceptance,
  TREATMENT_OPTIONS,
  type TreatmentContext,
  type TreatRiskInput,
  withDerivedFacts,
} from './risk';

/** Every area rated: `level` on INDIVIDUALS, 1 elsewhere, so MAX scores `level`. */
const rated = (level: number): ImpactRatings => ({
  ORGANISATION: 1,
  INDIVIDUALS: level,
  GROUPS: 1,
  SOCIETY: 1,
});

const m = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const now = '2026-06-01T00:00:00.000Z';

function risk(likelihood: number, impact: number, extra: Partial<Risk> = {}): Risk {
  const inherent = scoreRisk(m, likelihood, rated(impact));
  return withDerivedFacts(
    {
      id: 'r1',
      tenantId: 't1',
      title: 'A risk',
      description: null,
      category: 'SAFETY',
      aiSystemIds: ['s1'],
      ownerId: 'owner',
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
      createdAt: now,
      updatedAt: now,
      ...extra,
    },
    m,
  );
}

const base = {};
const internal: TreatmentContext = { owner: 'INTERNAL', unknownControlRefs: [] };

/** One option decided alone: the entry decideTreatments returns for it. */
function decideTreatment(
  r: Risk,
  entry: TreatRiskInput['treatments'][number],
  methodology: typeof m,
  actor: Parameters<typeof decideTreatments>[3],
  at: string,
  context: TreatmentContext = internal,
) {
  const [decided] = decideTreatments(
    r,
    { id: r.id, expectedVersion: 1, treatments: [entry] },
    methodology,
    actor,
    context,
    at,
  );
  if (!decided) throw new Error('no entry decided');
  return decided;
}

describe('decideTreatment', () => {
  it('accepts at or under the threshold for anyone allowed to treat; above it only with an AI risk owner and a justification', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(...ROLES),
        fc.option(fc.string({ minLength: 10, maxLength: 40 }), { nil: null }),
        (l, i, role, justification) => {
          const r = risk(l, i);
          const above = l * i > m.acceptanceThreshold;
          const allowed = !above || (role === 'AI_RISK_OWNER' && !!justification);
          const decide = () =>
            decideTreatment(r, { ...base, option: 'ACCEPT', justification }, m, { id: 'actor', role }, now);
          if (allowed) {
            const t = decide();
            expect(t.acceptance).toMatchObject({ signedOffBy: 'actor', aboveThreshold: above });
          } else if (above && role !== 'AI_RISK_OWNER') {
            expect(decide).toThrow(ForbiddenError);
          } else {
            expect(decide).toThrow(ValidationError);
          }
        },
      ),
    );
  });

  it('judges acceptance on the residual score once there is one', () => {
    const r = risk(5, 5, { residual: scoreRisk(m, 1, rated(2)) });
    const t = decideTreatment(r, { ...base, option: 'ACCEPT' }, m, { id: 'a', role: 'AIMS_MANAGER' }, now);
    expect(t.acceptance?.aboveThreshold).toBe(false);
  });

  it('X-8 needs named controls to mitigate, refuses unknown refs and drops duplicates', () => {
    const r = risk(4, 4);
    expect(() =>
      decideTreatment(
        r,
        { ...base, option: 'MITIGATE', controlRefs: [] },
        m,
        { id: 'a', role: 'AIMS_MANAGER' },
        now,
      ),
    ).toThrow(/at least one control/);
    expect(() =>
      decideTreatment(
        r,
        { ...base, option: 'MITIGATE', controlRefs: ['A.6.2.4', 'B.1'] },
        m,
        { id: 'a', role: 'AIMS_MANAGER' },
        now,
        { owner: 'INTERNAL', unknownControlRefs: ['B.1'] },
      ),
    ).toThrow(/B\.1/);
    const t = decideTreatment(
      r,
      { ...base, option: 'MITIGATE', controlRefs: ['A.6.2.4', 'A.6.2.4', 'A.5.4'] },
      m,
      { id: 'a', role: 'AIMS_MANAGER' },
      now,
    );
    expect(t.controlRefs).toEqual(['A.6.2.4', 'A.5.4']);
  });

  it('needs a party to transfer to, and marks avoided use cases to stop', () => {
    const r = risk(4, 4);
    expect(() =>
      decideTreatment(r, { ...base, option: 'TRANSFER' }, m, { id: 'a', role: 'AIMS_MANAGER' }, now),
    ).toThrow(ValidationError);
    expect(
      decideTreatment(
        r,
        { ...base, option: 'TRANSFER', transferParty: 'Insurer plc' },
        m,
        { id: 'a', role: 'AIMS_MANAGER' },
        now,
      ),
    ).toMatchObject({ transferParty: 'Insurer plc', stopUseCase: false });
    expect(
      decideTreatment(r, { ...base, option: 'AVOID' }, m, { id: 'a', role: 'AIMS_MANAGER' }, now).stopUseCase,
    ).toBe(true);
    expect(() =>
      decideTreatment(
        { ...r, aiSystemIds: [] },
        { ...base, option: 'AVOID' },
        m,
        { id: 'a', role: 'AIMS_MANAGER' },
        now,
      ),
    ).toThrow(ValidationError);
  });

  it('records who decided, when, and only the fields that belong to the option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TREATMENT_OPTIONS), (option) => {
        const t = decideTreatment(
          risk(1, 1),
          { ...base, option, controlRefs: ['A.9.2'], transferParty: 'X Ltd' },
          m,
          { id: 'a', role: 'AI_RISK_OWNER' },
          now,
        );
        expect(t).toMatchObject({ option, decidedBy: 'a', decidedAt: now });
        expect(t.transferParty !== null).toBe(option === 'TRANSFER');
        expect(t.stopUseCase).toBe(option === 'AVOID');
        expect(t.acceptance !== null).toBe(option === 'ACCEPT');
      }),
    );
  });
});

describe('isUntreatedAboveThreshold', () => {
  it('is a gap only when open, untreated and above the threshold', () => {
    expect(isUntreatedAboveThreshold(risk(3, 3), m)).toBe(true);
    expect(isUntreatedAboveThreshold(risk(2, 4), m)).toBe(false);
    expect(isUntreatedAboveThreshold(risk(3, 3, { status: 'CLOSED' }), m)).toBe(false);
    const treated = decideTreatment(
      risk(3, 3),
      { ...base, option: 'MITIGATE', controlRefs: ['A.9.2'] },
      m,
      { id: 'a', role: 'AIMS_MANAGER' },
      now,
    );
    expect(isUntreatedAboveThreshold(risk(3, 3, { treatments: [treated] }), m)).toBe(false);
  });
});

describe('recheckAcceptance', () => {
  const accept = (r: Risk, role: 'AIMS_MANAGER' | 'AI_RISK_OWNER', justification?: string) =>
    decideTreatment(r, { ...base, option: 'ACCEPT', justification }, m, { id: 'a', role }, now);

  it('lapses an acceptance made under the threshold once the risk scores above it', () => {
    const low = risk(2, 2);
    const accepted = { ...low, treatments: [accept(low, 'AIMS_MANAGER')], status: 'ACCEPTED' as const };
    const raised = { ...accepted, inherent: scoreRisk(m, 5, rated(5)) };
    expect(recheckAcceptance(raised, m)).toMatchObject({ treatments: [], status: 'OPEN' });
    expect(isUntreatedAboveThreshold(recheckAcceptance(raised, m), m)).toBe(true);
    expect(recheckAcceptance(accepted, m)).toBe(accepted);
  });

  it('keeps an acceptance the AI risk owner signed off above the threshold', () => {
    const high = risk(5, 5);
    const signed = {
      ...high,
      treatments: [accept(high, 'AI_RISK_OWNER', 'Board accepted for the pilot')],
      status: 'ACCEPTED' as const,
    };
    expect(recheckAcceptance(signed, m)).toBe(signed);
  });
});
