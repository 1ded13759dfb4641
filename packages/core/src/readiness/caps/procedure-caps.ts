// RQ-22 (7.5.1, 8.1) and RQ-30 (A.3.3, A.8.3, A.8.4) from the procedures the
// register names by kind and, for incidents, the communication plan.
import { type ControlledDocument, PROCEDURE_KINDS } from '../../documents/controlled-document';
import type { CommunicationPlanEntry } from '../../support/communication';
import { type EvidenceCap, evidenceCap, share } from './evidence-cap';

type Procedure = Pick<ControlledDocument, 'procedureKind' | 'status'>;

/** The kinds with an APPROVED document (an OBSOLETE or draft one does not count). */
const approvedKinds = (procedures: readonly Procedure[]) =>
  new Set(procedures.flatMap((p) => (p.status === 'APPROVED' && p.procedureKind ? [p.procedureKind] : [])));

const named = (procedures: readonly Procedure[]) => procedures.some((p) => p.procedureKind !== null);

/**
 * RQ-22: each of the seven procedures APPROVED ⇒ 4; some named but not all
 * seven approved ⇒ 2 (drafted or partly done, §3.12.1). No document naming a
 * procedure kind ⇒ no cap: the register is not used for procedures yet.
 */
export function rq22Procedures(procedures: readonly Procedure[]): EvidenceCap | null {
  if (!named(procedures)) return null;
  const approved = approvedKinds(procedures);
  const missing = PROCEDURE_KINDS.filter((k) => !approved.has(k));
  return missing.length
    ? evidenceCap(
        'RQ-22',
        2,
        `${share(approved.size, PROCEDURE_KINDS.length)} procedures approved; not approved: ${missing.join(', ')}`,
      )
    : evidenceCap('RQ-22', 4, `all ${PROCEDURE_KINDS.length} AIMS procedures approved`);
}

/** A live plan entry for A.8.4 (communication of incidents to users and other parties). */
const communicatesIncidents = (e: Pick<CommunicationPlanEntry, 'linkedControlRefs' | 'retired'>) =>
  !e.retired && e.linkedControlRefs.includes('A.8.4');

/**
 * RQ-30: the INCIDENT procedure APPROVED and an A.8.4 communication entry in
 * the plan ⇒ 4; one of the two missing ⇒ 2. Applies once the register names
 * procedure kinds (as RQ-22).
 */
export function rq30IncidentProcess(
  procedures: readonly Procedure[],
  plan: readonly Pick<CommunicationPlanEntry, 'linkedControlRefs' | 'retired'>[],
): EvidenceCap | null {
  if (!named(procedures)) return null;
  const procedure = approvedKinds(procedures).has('INCIDENT');
  const entry = plan.some(communicatesIncidents);
  if (procedure && entry) {
    return evidenceCap('RQ-30', 4, 'incident procedure approved, A.8.4 incident communication planned');
  }
  const lacking = [
    ...(procedure ? [] : ['no approved incident procedure']),
    ...(entry ? [] : ['no A.8.4 incident communication in the plan']),
  ];
  return evidenceCap('RQ-30', 2, lacking.join('; '));
}
