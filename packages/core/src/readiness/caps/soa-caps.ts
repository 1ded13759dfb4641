// SoA caps: RQ-19 (the SoA itself) from the consistency findings, and one
// RQ-A.<control> cap per Annex A control from its entry's implementation status.
import { isControlId } from '../../annex-a/catalogue';
import type { SoaFinding, SoaFindingCode } from '../../soa/finding';
import type { SoaEntry } from '../../soa/statement-of-applicability';
import { annexItemId } from '../bank';
import { type EvidenceCap, evidenceCap } from './evidence-cap';

const INCOMPLETE: readonly SoaFindingCode[] = ['UNDECIDED_CONTROL', 'MISSING_JUSTIFICATION'];

/**
 * RQ-19: an approved SoA with no HIGH finding ⇒ 4; approved with HIGH findings
 * ⇒ 3; a complete working copy (every control decided and justified) ⇒ 2; an
 * incomplete one ⇒ 1.
 */
export function rq19Soa(
  head: { version: number; approvedVersion: number | null } | null,
  findings: readonly SoaFinding[],
): EvidenceCap | null {
  if (!head || (!head.version && head.approvedVersion === null)) return null;
  const high = findings.filter((f) => f.severity === 'HIGH').length;
  if (head.approvedVersion !== null) {
    return high
      ? evidenceCap('RQ-19', 3, `SoA v${head.approvedVersion} approved, ${high} HIGH finding(s) open`)
      : evidenceCap('RQ-19', 4, `SoA v${head.approvedVersion} approved, no HIGH finding`);
  }
  const incomplete = findings.filter((f) => INCOMPLETE.includes(f.code)).length;
  return incomplete
    ? evidenceCap('RQ-19', 1, `working SoA not approved, ${incomplete} control(s) undecided or unjustified`)
    : evidenceCap('RQ-19', 2, 'working SoA complete, not approved');
}

/**
 * RQ-A.<control>: NOT_STARTED 0, PLANNED 2, IMPLEMENTED (or operating) with
 * evidence 3, without evidence 2. An excluded control has no cap (the item is
 * N/A); a control never recorded in the SoA stays self-declared. Operating
 * records (4) and an EFFECTIVE audit conclusion (5) wait for their modules.
 */
export function annexControlCap(
  entry: Pick<SoaEntry, 'controlId' | 'applicable' | 'implementationStatus' | 'evidenceRefs'>,
): EvidenceCap | null {
  if (entry.applicable === false || !isControlId(entry.controlId)) return null;
  const itemId = annexItemId(entry.controlId);
  switch (entry.implementationStatus) {
    case 'NOT_STARTED':
      return evidenceCap(itemId, 0, 'SoA: not started');
    case 'PLANNED':
      return evidenceCap(itemId, 2, 'SoA: planned');
    default:
      return entry.evidenceRefs.length
        ? evidenceCap(
            itemId,
            3,
            `SoA: ${entry.implementationStatus.toLowerCase().replace('_', ' ')} with evidence`,
          )
        : evidenceCap(itemId, 2, 'SoA: implemented without evidence');
  }
}

export function annexControlCaps(entries: readonly Parameters<typeof annexControlCap>[0][]): EvidenceCap[] {
  return entries.map(annexControlCap).filter((c): c is EvidenceCap => c !== null);
}
