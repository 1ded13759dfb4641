import { describe, expect, it } from 'vitest';
import { getReadinessItem, READINESS_BANK, type ReadinessItem } from './bank';
import { GUIDE_MILESTONES, generateRoadmap, monthMapping, type Roadmap, roadmapHorizon } from './roadmap';
import type { ReadinessAnswer } from './scale';
import { type ReadinessCap, type ReadinessContext, scoreReadiness } from './score';

const ctx: ReadinessContext = {
  profile: { existingCertifications: [], euNexus: { hasNexus: true, operatorRoles: [] } },
  soaExcludedControls: [],
  stage1Held: false,
};
const item = (id: string) => getReadinessItem(id) as ReadinessItem;
const answersAll = (value: number, except: Record<string, number> = {}): ReadinessAnswer[] =>
  READINESS_BANK.map((i) => ({ itemId: i.id, value: except[i.id] ?? value }));
const perClause = (v: number | null) => ({ '4': v, '5': v, '6': v, '7': v, '8': v, '9': v, '10': v });

function roadmapFor(opts: {
  answers: ReadinessAnswer[];
  caps?: ReadonlyMap<string, ReadinessCap>;
  certs?: ('ISO_27001' | 'ISO_9001' | 'OTHER_ANNEX_SL')[];
  target?: string | null;
  done?: string[];
  bank?: ReadinessItem[];
  context?: ReadinessContext;
}): Roadmap {
  const score = scoreReadiness({
    answers: opts.answers,
    caps: opts.caps ?? new Map(),
    context: opts.context ?? ctx,
    bank: opts.bank,
  });
  return generateRoadmap({
    score,
    profile: { existingCertifications: opts.certs ?? [], targetCertificationDate: opts.target ?? null },
    startDate: '2027-01-15',
    doneMilestones: new Set(opts.done ?? []),
    generatedAt: '2027-01-15T02:00:00.000Z',
    bank: opts.bank,
  });
}
const tasks = (r: Roadmap) => r.months.flatMap((m) => m.tasks.map((t) => ({ ...t, k: m.k })));
const taskOf = (r: Roadmap, id: string) => tasks(r).find((t) => t.itemId === id);

describe('readiness roadmap (§3.12.4)', () => {
  it('§3.12.4 horizon: 5 months; 3 with ISO 27001/9001; 2 when Clause 7, 9 and 10 blocks are all ≥ 60', () => {
    expect(roadmapHorizon({ existingCertifications: [] }, perClause(100))).toBe(5);
    expect(roadmapHorizon({ existingCertifications: ['OTHER_ANNEX_SL'] }, perClause(100))).toBe(5);
    expect(roadmapHorizon({ existingCertifications: ['ISO_27001'] }, perClause(59.9))).toBe(3);
    expect(roadmapHorizon({ existingCertifications: ['ISO_9001'] }, { ...perClause(60), '9': null })).toBe(3);
    expect(roadmapHorizon({ existingCertifications: ['ISO_9001'] }, perClause(60))).toBe(2);
    const r = roadmapFor({ answers: answersAll(1), certs: ['ISO_27001'] });
    expect([r.horizonMonths, r.compressed, r.months.length]).toEqual([3, true, 3]);
  });

  it('§3.12.4 month mapping φ_H', () => {
    const phi = (h: 2 | 3 | 5) => ([1, 2, 3, 4, 5] as const).map((m) => monthMapping(h, m));
    expect(phi(5)).toEqual([1, 2, 3, 4, 5]);
    expect(phi(3)).toEqual([1, 1, 2, 3, 3]);
    expect(phi(2)).toEqual([1, 1, 1, 2, 2]);
  });

  it('§3.12.4 a task is never planned before its dependencies (topological pass)', () => {
    // RQ-13 moved to month 3 pushes RQ-14 (month 2, depends on it) to month 3.
    const bank = [{ ...item('RQ-13'), month: 3 as const }, item('RQ-11'), item('RQ-14')];
    const r = roadmapFor({ bank, answers: [] });
    expect(taskOf(r, 'RQ-14')?.k).toBe(3);
    expect(taskOf(r, 'RQ-11')?.k).toBe(1);
    const full = roadmapFor({ answers: answersAll(0) });
    const monthOf = new Map(tasks(full).map((t) => [t.itemId, t.k]));
    for (const t of tasks(full)) for (const d of t.dependsOn) expect(monthOf.get(d)).toBeLessThanOrEqual(t.k);
    expect(monthOf.get('RQ-39')).toBe(5);
  });

  it('§3.12.4 an item already at target is a completed milestone, not a task', () => {
    const r = roadmapFor({ answers: answersAll(1, { 'RQ-05': 4, 'RQ-13': 5 }) });
    expect(taskOf(r, 'RQ-05')).toBeUndefined();
    expect(r.months[0]?.milestones.find((m) => m.key === 'RQ-05')).toMatchObject({
      kind: 'ITEM',
      done: true,
    });
    expect(r.months[1]?.milestones.find((m) => m.key === 'RQ-13')).toMatchObject({
      kind: 'ITEM',
      done: true,
    });
    // RQ-14 no longer waits for RQ-13, only for RQ-11.
    expect(taskOf(r, 'RQ-14')).toMatchObject({ dependsOn: ['RQ-11'], status: 'BLOCKED' });
    const capped = roadmapFor({
      answers: answersAll(1, { 'RQ-05': 4 }),
      caps: new Map([['RQ-05', { cap: 2, basis: 'draft' }]]),
    });
    expect(taskOf(capped, 'RQ-05')).toMatchObject({ gap: 10, status: 'OPEN' });
  });

  it('§3.12.4 the guide milestones M1–M5 are always present, done when evidenced, placed by φ_H', () => {
    const r = roadmapFor({ answers: answersAll(4), done: ['GAP_ANALYSIS', 'SOA'] });
    const guide = r.months.flatMap((m) =>
      m.milestones.filter((x) => x.kind === 'GUIDE').map((x) => ({ ...x, k: m.k })),
    );
    expect(guide.map((g) => g.key)).toEqual(GUIDE_MILESTONES.map((g) => g.key));
    expect(guide.filter((g) => g.done).map((g) => g.key)).toEqual(['GAP_ANALYSIS', 'SOA']);
    expect(guide.find((g) => g.key === 'STAGE_2')?.k).toBe(5);
    const compressed = roadmapFor({ answers: answersAll(4), certs: ['ISO_9001'] });
    expect(compressed.horizonMonths).toBe(2);
    const at = (key: string) => compressed.months.find((m) => m.milestones.some((x) => x.key === key))?.k;
    expect([at('SOA'), at('CONTROLS_COMPLETE'), at('INTERNAL_AUDIT'), at('CERTIFICATE')]).toEqual([
      1, 1, 2, 2,
    ]);
    expect(tasks(compressed)).toEqual([]);
  });

  it('§3.12.4 month k spans [start+(k−1), start+k months); a task is due at its month end or earlier for a dependent', () => {
    const r = roadmapFor({ answers: answersAll(0) });
    expect(r.months.map((m) => [m.k, m.from, m.to])).toEqual([
      [1, '2027-01-15', '2027-02-15'],
      [2, '2027-02-15', '2027-03-15'],
      [3, '2027-03-15', '2027-04-15'],
      [4, '2027-04-15', '2027-05-15'],
      [5, '2027-05-15', '2027-06-15'],
    ]);
    expect(taskOf(r, 'RQ-20')?.dueOn).toBe('2027-03-14');
    // RQ-19 (month 2) must leave RQ-20 (effort M) ten days.
    expect(taskOf(r, 'RQ-19')?.dueOn).toBe('2027-03-04');
    // RQ-14 leaves RQ-19 (L) fifteen days and RQ-16 (L) fifteen days.
    expect(taskOf(r, 'RQ-14')?.dueOn).toBe('2027-02-17');
    // RQ-13 would fall before its month starts, so it is due on the month's first day.
    expect(taskOf(r, 'RQ-13')?.dueOn).toBe('2027-02-15');
    expect(taskOf(r, 'RQ-01')?.dueOn).toBe('2027-02-14');
  });

  it('§3.12.4 AT_RISK with the critical path when the target date is before start + H months', () => {
    const r = roadmapFor({ answers: answersAll(0), target: '2027-06-14' });
    expect(r.atRisk).toBe(true);
    expect(r.criticalPath).toEqual(['RQ-11', 'RQ-14', 'RQ-19', 'RQ-A.2.2', 'RQ-34', 'RQ-36', 'RQ-39']);
    const ok = roadmapFor({ answers: answersAll(0), target: '2027-06-15' });
    expect([ok.atRisk, ok.criticalPath]).toEqual([false, []]);
    const noTarget = roadmapFor({ answers: answersAll(0) });
    expect(noTarget.atRisk).toBe(false);
    // Closed items leave the chain.
    const later = roadmapFor({
      answers: answersAll(4, { 'RQ-32': 1, 'RQ-34': 0, 'RQ-36': 0 }),
      target: '2027-02-01',
    });
    expect(later.criticalPath).toEqual(['RQ-32', 'RQ-34', 'RQ-36']);
  });

  it('§3.12.4 integrated organisations extend existing processes for RQ-22…27 and RQ-32…37, effort one size less', () => {
    const r = roadmapFor({ answers: answersAll(1), certs: ['ISO_27001'] });
    expect(taskOf(r, 'RQ-22')).toMatchObject({ extendsExistingProcess: true, effort: 'M' });
    expect(taskOf(r, 'RQ-22')?.title).toMatch(/^Extend your existing management system process: /);
    expect(taskOf(r, 'RQ-33')).toMatchObject({ extendsExistingProcess: true, effort: 'S' });
    expect(taskOf(r, 'RQ-28')).toMatchObject({ extendsExistingProcess: false, effort: 'L' });
    const plain = roadmapFor({ answers: answersAll(1) });
    expect(taskOf(plain, 'RQ-22')).toMatchObject({ extendsExistingProcess: false, effort: 'L' });
  });

  it('§3.12.4 tasks carry gap, owner appointment, effort and open dependencies; N/A items are left out', () => {
    const r = roadmapFor({
      answers: answersAll(2),
      context: { ...ctx, soaExcludedControls: ['A.10.4'] },
    });
    expect(taskOf(r, 'RQ-A.10.4')).toBeUndefined();
    expect(taskOf(r, 'RQ-34')?.dependsOn).not.toContain('RQ-A.10.4');
    expect(taskOf(r, 'RQ-34')?.dependsOn).toHaveLength(38);
    expect(taskOf(r, 'RQ-07')).toMatchObject({
      gap: 10,
      ownerAppointmentKind: 'TOP_MANAGEMENT',
      effort: 'S',
      status: 'OPEN',
    });
    expect(taskOf(r, 'RQ-A.7.2')).toMatchObject({
      ownerAppointmentKind: 'DATA_GOVERNANCE_LEAD',
      dependsOn: ['RQ-19'],
      status: 'BLOCKED',
    });
  });

  it('§3.12.4 determinism: the same answers, records and start date give byte-identical JSON', () => {
    const answers = answersAll(2, { 'RQ-05': 4, 'RQ-19': 3 });
    const capsA = new Map<string, ReadinessCap>([
      ['RQ-05', { cap: 2, basis: 'draft' }],
      ['RQ-19', { cap: 4, basis: 'approved' }],
    ]);
    const capsB = new Map<string, ReadinessCap>([...capsA.entries()].reverse());
    const a = roadmapFor({ answers, caps: capsA, target: '2027-03-01', done: ['SOA', 'GAP_ANALYSIS'] });
    const b = roadmapFor({
      answers: [...answers].reverse(),
      caps: capsB,
      target: '2027-03-01',
      done: ['GAP_ANALYSIS', 'SOA'],
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
