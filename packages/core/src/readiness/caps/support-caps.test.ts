import { describe, expect, it } from 'vitest';
import { COMMUNICATION_TEMPLATE, templateEntryId } from '../../support/communication';
import type { CompetenceGap } from '../../support/competence';
import type { TrainingAssignment } from '../../support/training';
import { rq24Competence, rq25Training, rq26Communication } from './support-caps';

const today = '2026-11-27';
const assignments = (done: number, total: number) =>
  Array.from(
    { length: total },
    (_, i) =>
      ({
        id: `a${i}`,
        dueOn: '2026-11-01',
        completedOn: i < done ? '2026-10-20' : null,
      }) as TrainingAssignment,
  );

describe('support caps (§3.12.2)', () => {
  it('RQ-24 0 open competence gaps for appointees ⇒ 4; gaps ⇒ 2; no competence records ⇒ self-declared', () => {
    expect(rq24Competence(true, [])?.cap).toBe(4);
    const gap = { userId: 'u1', area: 'AI_RISK', gap: 1, unaddressed: true } as unknown as CompetenceGap;
    expect(rq24Competence(true, [gap])).toMatchObject({ itemId: 'RQ-24', cap: 2 });
    expect(rq24Competence(false, [gap])).toBeNull();
  });

  it('RQ-25 training completion ≥ 95 % ⇒ 4; ≥ 80 % ⇒ 3; less ⇒ 2', () => {
    expect(rq25Training(assignments(19, 20), today)?.cap).toBe(4);
    expect(rq25Training(assignments(16, 20), today)?.cap).toBe(3);
    expect(rq25Training(assignments(15, 20), today)?.cap).toBe(2);
    expect(rq25Training([], today)).toBeNull();
  });

  it("RQ-26 the guide's six seed entries defined ⇒ 4; some missing ⇒ 2", () => {
    const seeded = COMMUNICATION_TEMPLATE.map((t) => ({ id: templateEntryId(t.code) }));
    expect(COMMUNICATION_TEMPLATE).toHaveLength(6);
    expect(rq26Communication(seeded)?.cap).toBe(4);
    expect(rq26Communication(seeded.slice(1))?.cap).toBe(2);
    expect(rq26Communication([])).toBeNull();
  });
});
