// CM-4 (guide mistake: business stakeholders left out of AI decisions): who
// accepted residual risks (6.1.3) and approved impact assessments (6.1.4).
import { type Appointment, activeAt, COMMITTEE_KINDS } from '../../governance/appointment';
import { type EvidenceCap, evidenceCap, share } from './evidence-cap';

/** A management decision: who took it and when (ISO timestamp). */
export interface Decision {
  by: string;
  at: string;
}

/** Whether the person sat on the committee for a business unit when deciding. */
const businessSeat = (appointments: readonly Appointment[], d: Decision) =>
  appointments.some(
    (a) =>
      a.userId === d.by &&
      a.committeeFunction === 'BUSINESS_UNIT' &&
      (COMMITTEE_KINDS as readonly string[]).includes(a.kind) &&
      activeAt(a, new Date(d.at)),
  );

/** CM-4: ≥ 50 % of residual acceptances and IA approvals by BUSINESS_UNIT committee members ⇒ 4, else 2. */
export function cm4BusinessInvolvement(
  decisions: readonly Decision[],
  appointments: readonly Appointment[],
): EvidenceCap | null {
  if (!decisions.length) return null;
  const byBusiness = decisions.filter((d) => businessSeat(appointments, d)).length;
  const basis = `${share(byBusiness, decisions.length)} risk acceptances and impact approvals by business-unit committee members`;
  return evidenceCap('CM-4', byBusiness / decisions.length >= 0.5 ? 4 : 2, basis);
}
