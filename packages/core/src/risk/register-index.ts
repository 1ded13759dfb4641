// What a risk write changes besides the risk: its links to AI systems and
// controls, and the heat-map counters. Computed from before and after, so the
// same commit that writes the risk keeps every derived item exact.
import { increment, put, remove, type Write } from '../shared/store';
import { RiskControlLinks, RiskCountsStore, RiskSystemLinks } from './model';
import { currentScore, type Risk } from './risk';

const live = (r: Risk | null): r is Risk => !!r && r.status !== 'CLOSED';

function systemLinks(r: Risk | null) {
  return r ? r.aiSystemIds.map((aiSystemId) => ({ riskId: r.id, aiSystemId, score: r.inherent.score })) : [];
}

/** one link per control ref any treatment entry names (Annex A id or custom ref). */
function controlLinks(r: Risk | null) {
  if (!live(r)) return [];
  return [...new Set(r.treatments.flatMap((t) => t.controlRefs))].map((controlRef) => ({
    riskId: r.id,
    controlRef,
    aboveThreshold: r.aboveThreshold,
  }));
}

/** Counter contributions of a risk: open risks count in their inherent and current cells. */
function contributions(r: Risk | null): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  if (!live(r)) return out;
  const now = currentScore(r);
  out.set(r.methodologyVersion, {
    [`i_${r.inherent.likelihood}_${r.inherent.impact}`]: 1,
    [`r_${now.likelihood}_${now.impact}`]: 1,
  });
  return out;
}

export function registerWrites(before: Risk | null, after: Risk): Write[] {
  const writes: Write[] = [];
  diffLinks(
    systemLinks(before),
    systemLinks(after),
    (l) => RiskSystemLinks.key(l).sort,
    (l) => put(RiskSystemLinks, l, 'any'),
    (l) => remove(RiskSystemLinks, l),
    writes,
  );
  diffLinks(
    controlLinks(before),
    controlLinks(after),
    (l) => RiskControlLinks.key(l).sort,
    (l) => put(RiskControlLinks, l, 'any'),
    (l) => remove(RiskControlLinks, l),
    writes,
  );
  const was = contributions(before);
  const is = contributions(after);
  for (const version of new Set([...was.keys(), ...is.keys()])) {
    const deltas: Record<string, number> = {};
    for (const [cell, n] of Object.entries(is.get(version) ?? {})) deltas[cell] = (deltas[cell] ?? 0) + n;
    for (const [cell, n] of Object.entries(was.get(version) ?? {})) deltas[cell] = (deltas[cell] ?? 0) - n;
    const changed = Object.fromEntries(Object.entries(deltas).filter(([, d]) => d !== 0));
    // An unchanged contribution leaves the shared counter item alone: no contention for plain edits.
    if (Object.keys(changed).length)
      writes.push(increment(RiskCountsStore, { methodologyVersion: version }, changed));
  }
  return writes;
}

/** Deletes links that went, puts links that came or changed; one operation per item, as transactions require. */
function diffLinks<L>(
  before: L[],
  after: L[],
  keyOf: (l: L) => string,
  putLink: (l: L) => Write,
  removeLink: (l: L) => Write,
  writes: Write[],
) {
  const old = new Map(before.map((l) => [keyOf(l), l]));
  const next = new Map(after.map((l) => [keyOf(l), l]));
  for (const [k, l] of old) if (!next.has(k)) writes.push(removeLink(l));
  for (const [k, l] of next) if (JSON.stringify(old.get(k)) !== JSON.stringify(l)) writes.push(putLink(l));
}
