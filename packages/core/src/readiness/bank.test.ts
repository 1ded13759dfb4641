import { describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS } from '../annex-a/catalogue';
import { APPOINTMENT_KINDS } from '../governance/appointment';
import { getReadinessItem, READINESS_BANK, READINESS_BANK_VERSION } from './bank';
import { ANSWER_SCALE, PROFILE_QUESTIONS, readinessProfileSchema } from './scale';

describe('readiness question bank v1 (§3.12.2)', () => {
  it('§3.12.2 bank v1 holds 40 RQ + 5 CM + 38 Annex A items with unique ids', () => {
    expect(READINESS_BANK_VERSION).toBe('v1');
    const ids = READINESS_BANK.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(READINESS_BANK.filter((i) => i.kind === 'CLAUSE')).toHaveLength(40);
    expect(READINESS_BANK.filter((i) => i.kind === 'MISTAKE')).toHaveLength(5);
    expect(READINESS_BANK.filter((i) => i.kind === 'ANNEX_A').map((i) => i.id)).toEqual(
      ANNEX_A_CONTROLS.map((c) => `RQ-${c.id}`),
    );
    expect(ids.length).toBe(83);
  });

  it('§3.12.3 W_clauses = 141 and critical items weigh 5', () => {
    const w = READINESS_BANK.filter((i) => i.kind !== 'ANNEX_A').reduce((s, i) => s + i.weight, 0);
    expect(w).toBe(141);
    expect(READINESS_BANK.filter((i) => i.critical).map((i) => i.id)).toEqual([
      'RQ-05',
      'RQ-07',
      'RQ-09',
      'RQ-11',
      'RQ-13',
      'RQ-14',
      'RQ-16',
      'RQ-17',
      'RQ-19',
      'RQ-20',
      'RQ-32',
      'RQ-34',
      'RQ-35',
      'RQ-36',
    ]);
    expect(READINESS_BANK.filter((i) => i.kind === 'ANNEX_A').every((i) => i.weight === 1)).toBe(true);
  });

  it('§3.12.4 every dependsOn exists and the dependencies have no cycle', () => {
    for (const item of READINESS_BANK)
      for (const d of item.dependsOn) expect(getReadinessItem(d), `${item.id} → ${d}`).toBeDefined();
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') return;
      expect(state.get(id), `cycle ${[...path, id].join(' → ')}`).not.toBe('visiting');
      state.set(id, 'visiting');
      for (const d of getReadinessItem(id)?.dependsOn ?? []) visit(d, [...path, id]);
      state.set(id, 'done');
    };
    for (const item of READINESS_BANK) visit(item.id, []);
    expect(getReadinessItem('RQ-34')?.dependsOn).toContain('RQ-A.10.4');
    expect(getReadinessItem('RQ-A.5.2')?.dependsOn).toEqual(['RQ-19']);
  });

  it('§3.12.3 stage1 flag on RQ-02…05, 09, 11, 13, 17, 19, 20, 22, 27, 32 only', () => {
    expect(READINESS_BANK.filter((i) => i.stage1).map((i) => i.id)).toEqual([
      'RQ-02',
      'RQ-03',
      'RQ-04',
      'RQ-05',
      'RQ-09',
      'RQ-11',
      'RQ-13',
      'RQ-17',
      'RQ-19',
      'RQ-20',
      'RQ-22',
      'RQ-27',
      'RQ-32',
    ]);
  });

  it('§3.12.1 N/A conditions: SoA-excluded controls, RQ-18, RQ-40, CM-5 only', () => {
    const conditional = READINESS_BANK.filter((i) => i.applicability !== 'ALWAYS');
    expect(conditional.filter((i) => i.kind !== 'ANNEX_A').map((i) => [i.id, i.applicability])).toEqual([
      ['RQ-18', 'EU_NEXUS'],
      ['RQ-40', 'AFTER_STAGE_1'],
      ['CM-5', 'EXISTING_MANAGEMENT_SYSTEM'],
    ]);
    expect(
      READINESS_BANK.filter((i) => i.kind === 'ANNEX_A').every((i) => i.applicability === 'SOA_INCLUDED'),
    ).toBe(true);
  });

  it('§3.12.2 items carry refs, clause blocks, months 1–5, an appointment kind and effort', () => {
    for (const i of READINESS_BANK) {
      expect(i.refs.length).toBeGreaterThan(0);
      expect(i.month).toBeGreaterThanOrEqual(1);
      expect(i.month).toBeLessThanOrEqual(5);
      expect(APPOINTMENT_KINDS).toContain(i.defaultOwnerAppointment);
      expect(['S', 'M', 'L']).toContain(i.effort);
      expect(i.question.length).toBeGreaterThan(10);
    }
    expect(getReadinessItem('RQ-10')?.clauses).toEqual([5, 7]);
    expect(getReadinessItem('RQ-12')?.steps).toEqual([2, 3]);
    expect(getReadinessItem('RQ-A.10.3')?.annexTopic).toBe('A.10');
  });

  it('§3.12.5 theme membership follows the guide categories', () => {
    const inTheme = (t: string) =>
      READINESS_BANK.filter((i) => (i.themes as readonly string[]).includes(t)).map((i) => i.id);
    expect(inTheme('HUMAN_OVERSIGHT')).toEqual(['RQ-A.9.2', 'RQ-A.9.3', 'RQ-A.9.4']);
    expect(inTheme('THIRD_PARTY')).toEqual(['RQ-A.4.4', 'RQ-A.10.2', 'RQ-A.10.3', 'RQ-A.10.4']);
    expect(inTheme('DATA_GOVERNANCE')).toEqual([
      'RQ-A.4.3',
      'RQ-A.7.2',
      'RQ-A.7.3',
      'RQ-A.7.4',
      'RQ-A.7.5',
      'RQ-A.7.6',
    ]);
    expect(inTheme('TRANSPARENCY')).toEqual(['RQ-A.6.2.7', 'RQ-A.8.2', 'RQ-A.8.3', 'RQ-A.8.4', 'RQ-A.8.5']);
    expect(inTheme('BIAS_AND_FAIRNESS')).toEqual(['RQ-A.5.4', 'RQ-A.6.2.4', 'RQ-A.7.4', 'RQ-28']);
    expect(inTheme('LIFECYCLE')).toHaveLength(9);
  });

  it('§3.12.1 answer scale 0–5 with labels; profile P1–P7 parse with defaults', () => {
    expect(ANSWER_SCALE.map((s) => s.label)).toEqual([
      'Not started',
      'Initial',
      'In progress',
      'Defined',
      'Implemented',
      'Optimising',
    ]);
    expect(PROFILE_QUESTIONS.map((p) => p.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    const p = readinessProfileSchema.parse({ existingCertifications: ['ISO_27001'] });
    expect(p.euNexus.hasNexus).toBe(false);
    expect(p.startDate).toBeNull();
    expect(readinessProfileSchema.safeParse({ targetCertificationDate: '2027-13-01' }).success).toBe(false);
  });
});
