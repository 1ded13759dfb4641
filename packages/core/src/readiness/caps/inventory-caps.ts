// Inventory caps (RQ-11, RQ-18) over the in-scope AI systems (the approved
// scope's systems; every live system while no scope is approved).
import type { AiSystem } from '../../inventory/ai-system';
import { friaRequired } from '../../inventory/eu-ai-act';
import { type EvidenceCap, evidenceCap, share } from './evidence-cap';

type InventoryRow = Pick<
  AiSystem,
  | 'name'
  | 'purpose'
  | 'dataProcessed'
  | 'decisionsInfluenced'
  | 'affectedStakeholders'
  | 'businessProcess'
  | 'ownerId'
  | 'provenance'
  | 'euAiActProfile'
>;

/** What A.4.2 asks of each inventory row: purpose, data, decisions, stakeholders, process, owner. */
export const inventoryComplete = (s: InventoryRow) =>
  !!s.purpose &&
  s.dataProcessed.length > 0 &&
  s.decisionsInfluenced.length > 0 &&
  s.affectedStakeholders.length > 0 &&
  !!s.businessProcess &&
  !!s.ownerId;

/**
 * RQ-11: every in-scope system has all fields ⇒ 4, else 2. Whether third-party
 * AI is expected is the profile answer P3, which the scoring holds: the basis
 * says whether any is recorded.
 */
export function rq11Inventory(inScope: readonly InventoryRow[]): EvidenceCap | null {
  if (!inScope.length) return null;
  const complete = inScope.filter(inventoryComplete).length;
  const thirdParty = inScope.filter((s) => s.provenance !== 'INTERNAL').length;
  const basis = `${share(complete, inScope.length)} in-scope systems fully described; ${thirdParty} third-party`;
  return evidenceCap('RQ-11', complete === inScope.length ? 4 : 2, basis);
}

/**
 * RQ-18: every in-scope system classified under the EU AI Act and none needing
 * a FRIA ⇒ 4. No FRIA record exists in the product yet, so a system that needs
 * one caps at 2, as does any unclassified system.
 */
export function rq18EuAiAct(inScope: readonly InventoryRow[]): EvidenceCap | null {
  if (!inScope.length) return null;
  const unclassified = inScope.filter((s) => !s.euAiActProfile).length;
  const fria = inScope.filter((s) => friaRequired(s.euAiActProfile)).length;
  if (unclassified || fria) {
    return evidenceCap(
      'RQ-18',
      2,
      `${unclassified} in-scope system(s) not classified, ${fria} needing a FRIA not recorded`,
    );
  }
  return evidenceCap('RQ-18', 4, 'every in-scope system classified, none needing a FRIA');
}
