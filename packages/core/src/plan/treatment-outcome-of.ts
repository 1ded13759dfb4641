// X-12 (8.3): what a risk's actions say about its treatment, and the register
// write that tells the risk, in the same commit as the action write.
import { methodologyAt } from '../risk/manage-methodology';
import { Risks } from '../risk/model';
import { registerWrites } from '../risk/register-index';
import { applyTreatmentOutcome, type TreatmentOutcome } from '../risk/treatment-outcome';
import { NotFoundError } from '../shared/errors';
import { check, put, recordChange, type Write } from '../shared/store';
import { changeOf, type StoreDeps } from '../shared/versioned';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { TreatmentAction } from './treatment-action';

const latest = <T>(items: readonly T[], at: (t: T) => string): T | null =>
  items.reduce<T | null>((best, t) => (best === null || at(t) > at(best) ? t : best), null);

/** Pure: the outcome of a risk's treatment from all its actions (cancelled ones do not count). */
export function treatmentOutcomeOf(actions: readonly TreatmentAction[]): TreatmentOutcome {
  const active = actions.filter((a) => !a.cancellation);
  const done = active.filter((a) => a.progress >= 100);
  const allDone = active.length > 0 && done.length === active.length;
  const lastDone = allDone ? latest(done, (a) => a.completedAt ?? a.updatedAt) : null;
  const judged = done.filter((a) => a.effectivenessCheck?.result);
  const at = (a: TreatmentAction) => a.effectivenessCheck?.at ?? '';
  const notEffective = judged.filter((a) => a.effectivenessCheck?.result === 'NOT_EFFECTIVE');
  const deciding = notEffective.length
    ? latest(notEffective, at)
    : allDone && judged.length === active.length
      ? latest(judged, at)
      : null;
  return {
    activeActions: active.length,
    doneActions: done.length,
    allDoneOn: lastDone ? (lastDone.completedAt ?? lastDone.updatedAt).slice(0, 10) : null,
    effectiveness: notEffective.length ? 'NOT_EFFECTIVE' : deciding ? 'EFFECTIVE' : null,
    judgedBy: deciding?.effectivenessCheck?.by ?? null,
    judgedAt: deciding?.effectivenessCheck?.at ?? null,
  };
}

/**
 * The writes that tell the risk its plan changed: the risk as
 * `applyTreatmentOutcome` returns it, put at the version read (so a concurrent
 * risk edit makes the whole commit CONFLICT); a version check when it is unchanged.
 */
export async function riskOutcomeWrites(
  deps: StoreDeps,
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  riskId: string,
  actions: readonly TreatmentAction[],
): Promise<Write[]> {
  const risk = await deps.store.get(Risks, { id: riskId });
  if (!risk) throw new NotFoundError('Risk', riskId);
  const methodology = await methodologyAt(deps.store, risk.methodologyVersion);
  if (!methodology) throw new NotFoundError('RiskMethodology', String(risk.methodologyVersion));
  const now = deps.clock.now().toISOString();
  const next = applyTreatmentOutcome(risk, treatmentOutcomeOf(actions), methodology, now.slice(0, 10));
  if (JSON.stringify(next) === JSON.stringify(risk)) {
    return [check(Risks, { id: riskId }, risk.version, `Risk ${riskId}`)];
  }
  const saved = { ...next, version: risk.version + 1, updatedAt: now };
  return [
    put(Risks, saved, { version: risk.version }, `Risk ${riskId}`),
    recordChange(changeOf(Risks, scope, risk, saved, now, deps.ids)),
    ...registerWrites(risk, saved),
  ];
}
