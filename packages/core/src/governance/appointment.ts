// Governance appointments (ISO/IEC 42001 5.3, A.3.2): who the organisation has
// made accountable for what. Separate from the permission role: a person may
// hold several appointments, and an appointment is evidence of a management
// decision, so it is recorded, accepted by the appointee and ended with a reason.
import * as z from 'zod';
import type { Role } from '../tenancy/roles';

export const APPOINTMENT_KINDS = [
  'TOP_MANAGEMENT',
  'AIMS_MANAGER',
  'AI_RISK_OWNER',
  'DATA_GOVERNANCE_LEAD',
  'AI_SYSTEM_OWNER',
  'COMMITTEE_CHAIR',
  'COMMITTEE_MEMBER',
  'INTERNAL_AUDITOR',
  'PROCESS_OWNER',
] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

export const COMMITTEE_FUNCTIONS = [
  'EXECUTIVE',
  'LEGAL',
  'COMPLIANCE',
  'RISK',
  'IT_SECURITY',
  'DATA_SCIENCE',
  'BUSINESS_UNIT',
  'HR',
  'PRIVACY',
] as const;
export type CommitteeFunction = (typeof COMMITTEE_FUNCTIONS)[number];

/** Kinds whose subjectRef names what is owned: an AI system id, a clause process id. */
export const SUBJECT_KINDS = ['AI_SYSTEM_OWNER', 'PROCESS_OWNER'] as const satisfies AppointmentKind[];
/** Kinds that seat someone on the AI governance committee, with the function they bring. */
export const COMMITTEE_KINDS = ['COMMITTEE_CHAIR', 'COMMITTEE_MEMBER'] as const satisfies AppointmentKind[];

/**
 * Kinds the standard gives to the organisation's own management. Every kind is
 * one today; kept as a list so a later advisory kind can be added outside it.
 */
export const MANAGEMENT_KINDS: readonly AppointmentKind[] = APPOINTMENT_KINDS;

export type AppointmentStatus = 'AWAITING_ACCEPTANCE' | 'ACTIVE' | 'ENDED';

export interface Appointment {
  id: string;
  tenantId: string;
  kind: AppointmentKind;
  userId: string;
  subjectRef: string | null;
  committeeFunction: CommitteeFunction | null;
  responsibilities: string[];
  authorities: string[];
  appointedBy: string;
  appointedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AppointmentFilter {
  kind?: AppointmentKind | null;
  userId?: string | null;
  /** An AI system id or clause process id. */
  subjectRef?: string | null;
  /** true: in force (not ended, accepted or awaiting acceptance); false: ended. */
  active?: boolean | null;
}

/** The appointee's role in the tenant, or null when they are not a member. */
export type MemberRoleLookup = (userId: string) => Promise<Role | null>;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const statements = z.array(text(500)).max(30, 'at most 30 entries');
const version = z.number().int().min(1);

export const appointInput = z.object({
  kind: z.enum(APPOINTMENT_KINDS),
  userId: z.string().min(1),
  subjectRef: z.string().min(1).max(128).nullish(),
  committeeFunction: z.enum(COMMITTEE_FUNCTIONS).nullish(),
  responsibilities: statements.nullish(),
  authorities: statements.nullish(),
});
export type AppointInput = z.infer<typeof appointInput>;

export const acceptAppointmentInput = z.object({ id: z.string().min(1), expectedVersion: version });

export const endAppointmentInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  reason: text(2000),
});

export function appointmentStatus(a: Pick<Appointment, 'acceptedAt' | 'endedAt'>): AppointmentStatus {
  if (a.endedAt) return 'ENDED';
  return a.acceptedAt ? 'ACTIVE' : 'AWAITING_ACCEPTANCE';
}

/** In force at `at`: appointed by then and not yet ended (acceptance not required). */
export function inForceAt(a: Pick<Appointment, 'appointedAt' | 'endedAt'>, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(a.appointedAt) <= t && (!a.endedAt || Date.parse(a.endedAt) > t);
}

/** Active at `at`: accepted by then and not yet ended. */
export function activeAt(a: Pick<Appointment, 'appointedAt' | 'acceptedAt' | 'endedAt'>, at: Date): boolean {
  return !!a.acceptedAt && Date.parse(a.acceptedAt) <= at.getTime() && inForceAt(a, at);
}

/**
 * Whether `userId` held an active appointment of one of `kinds` at `now`: the
 * test behind approvals that the standard reserves to top or designated
 * management (methodology approval, residual-risk acceptance). An appointment
 * still awaiting acceptance, or ended, does not count.
 */
export function holdsAppointment(
  appointments: readonly Appointment[],
  userId: string,
  kinds: readonly AppointmentKind[],
  now: Date,
): boolean {
  return appointments.some((a) => a.userId === userId && kinds.includes(a.kind) && activeAt(a, now));
}
