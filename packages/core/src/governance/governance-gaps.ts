// What an auditor would find missing in the organisation's governance (5.3,
// A.3.2): unassigned roles, systems nobody owns, appointments never accepted,
// a committee that is not cross-functional, missing or not meeting. A pure rule over the
// appointments in force and the inventory, plus the use case that reads them.
//
// An appointment awaiting acceptance still fills its role here: the missing
// acceptance is its own gap (APPOINTMENT_NOT_ACCEPTED) once 14 days have passed,
// rather than the role showing as unassigned from day one.
import * as z from 'zod';
import type { AiSystem } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
} from '../shared/pagination';
import type { Clock } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Appointment, AppointmentKind, CommitteeFunction } from './appointment';
import { type Committee, nextMeetingDue } from './committee';
import { Appointments, Committees } from './model';

export const GOVERNANCE_GAP_CODES = [
  'NO_TOP_MANAGEMENT',
  'ROLE_UNASSIGNED',
  'COMMITTEE_NOT_CROSS_FUNCTIONAL',
  'SYSTEM_WITHOUT_OWNER',
  'APPOINTMENT_NOT_ACCEPTED',
  'NO_COMMITTEE',
  'COMMITTEE_NOT_MEETING',
] as const;
export type GovernanceGapCode = (typeof GOVERNANCE_GAP_CODES)[number];

export interface GovernanceGap {
  code: GovernanceGapCode;
  /** Why this is a gap, in words an auditor would use. */
  explanation: string;
  kind: AppointmentKind | null;
  appointmentId: string | null;
  aiSystemId: string | null;
  /** The committee concerned (COMMITTEE_NOT_MEETING). */
  committeeId: string | null;
  missingFunctions: CommitteeFunction[];
}

/** The guide's governance roles that must each have someone appointed. */
export const REQUIRED_ROLES = [
  'AIMS_MANAGER',
  'AI_RISK_OWNER',
  'DATA_GOVERNANCE_LEAD',
  'COMMITTEE_CHAIR',
  'COMMITTEE_MEMBER',
] as const satisfies AppointmentKind[];

/** Each entry is satisfied by any one of its functions (legal or compliance may be one seat). */
export const CROSS_FUNCTIONAL_SEATS: readonly (readonly CommitteeFunction[])[] = [
  ['EXECUTIVE'],
  ['LEGAL', 'COMPLIANCE'],
  ['IT_SECURITY'],
  ['DATA_SCIENCE'],
  ['BUSINESS_UNIT'],
];

export const ACCEPTANCE_GRACE_DAYS = 14;
const DAY_MS = 86_400_000;

const gap = (
  code: GovernanceGapCode,
  explanation: string,
  extra: Partial<Omit<GovernanceGap, 'code' | 'explanation'>> = {},
): GovernanceGap => ({
  code,
  explanation,
  kind: null,
  appointmentId: null,
  aiSystemId: null,
  committeeId: null,
  missingFunctions: [],
  ...extra,
});

/** Days from the appointment's date to `today` (both calendar days, UTC). */
const daysSince = (timestamp: string, today: string) =>
  Math.floor((Date.parse(today) - Date.parse(timestamp.slice(0, 10))) / DAY_MS);

export type CommitteeRow = Pick<Committee, 'id' | 'name' | 'cadenceMonths' | 'lastMeetingOn' | 'createdAt'>;

/**
 * NO_COMMITTEE: the guide requires an AI governance committee, so a tenant
 * with none constituted (committee seats alone are not a committee: no charter,
 * no cadence) has a gap. COMMITTEE_NOT_MEETING: the last meeting (or, with
 * none, the committee's set-up) is more than one cadence before `today`.
 */
function committeeGaps(committees: readonly CommitteeRow[], today: string): GovernanceGap[] {
  if (!committees.length) {
    return [
      gap(
        'NO_COMMITTEE',
        'No AI governance committee is constituted: oversight of AI decisions (5.3, A.3.2) has no body with a charter and a meeting cadence.',
      ),
    ];
  }
  return committees.flatMap((c) => {
    const due = nextMeetingDue(c);
    if (today <= due) return [];
    const since = c.lastMeetingOn
      ? `its last meeting was on ${c.lastMeetingOn}`
      : `it has not met since it was set up on ${c.createdAt.slice(0, 10)}`;
    return [
      gap(
        'COMMITTEE_NOT_MEETING',
        `"${c.name}" must meet every ${c.cadenceMonths} month(s) but ${since}: a meeting was due by ${due}.`,
        { committeeId: c.id },
      ),
    ];
  });
}

export function governanceGapsOf(input: {
  appointments: readonly Appointment[];
  systems: readonly Pick<AiSystem, 'id' | 'name' | 'lifecycleStage'>[];
  committees: readonly CommitteeRow[];
  /** YYYY-MM-DD. */
  today: string;
}): GovernanceGap[] {
  const inForce = input.appointments.filter((a) => !a.endedAt);
  const held = (kind: AppointmentKind) => inForce.filter((a) => a.kind === kind);
  const gaps: GovernanceGap[] = [];

  if (!held('TOP_MANAGEMENT').length) {
    gaps.push(
      gap(
        'NO_TOP_MANAGEMENT',
        'Nobody is appointed as top management: clause 5.1 commitment and the approvals reserved to top management have no one to give them.',
        { kind: 'TOP_MANAGEMENT' },
      ),
    );
  }
  for (const kind of REQUIRED_ROLES) {
    if (held(kind).length) continue;
    gaps.push(
      gap(
        'ROLE_UNASSIGNED',
        kind === 'COMMITTEE_MEMBER'
          ? 'The AI governance committee has no members appointed (5.3, A.3.2).'
          : `No one is appointed ${kind}: the role's responsibilities and authorities are not assigned (5.3, A.3.2).`,
        { kind },
      ),
    );
  }

  const committee = inForce.filter((a) => a.kind === 'COMMITTEE_CHAIR' || a.kind === 'COMMITTEE_MEMBER');
  if (committee.length) {
    const seated = new Set(committee.map((a) => a.committeeFunction));
    const missing = CROSS_FUNCTIONAL_SEATS.filter((seat) => !seat.some((f) => seated.has(f)));
    if (missing.length) {
      gaps.push(
        gap(
          'COMMITTEE_NOT_CROSS_FUNCTIONAL',
          `The committee lacks ${missing.map((s) => s.join(' or ')).join(', ')}: AI governance decisions need executive, legal or compliance, security, data science and business views.`,
          { missingFunctions: missing.flat() },
        ),
      );
    }
  }

  gaps.push(...committeeGaps(input.committees, input.today));

  const owned = new Set(held('AI_SYSTEM_OWNER').map((a) => a.subjectRef));
  for (const system of input.systems) {
    if (system.lifecycleStage === 'DECOMMISSIONED' || owned.has(system.id)) continue;
    gaps.push(
      gap(
        'SYSTEM_WITHOUT_OWNER',
        `AI system "${system.name}" (${system.lifecycleStage}) has no AI_SYSTEM_OWNER appointed.`,
        { kind: 'AI_SYSTEM_OWNER', aiSystemId: system.id },
      ),
    );
  }

  for (const a of inForce) {
    if (a.acceptedAt || daysSince(a.appointedAt, input.today) < ACCEPTANCE_GRACE_DAYS) continue;
    gaps.push(
      gap(
        'APPOINTMENT_NOT_ACCEPTED',
        `The ${a.kind} appointment made on ${a.appointedAt.slice(0, 10)} is still not accepted after ${ACCEPTANCE_GRACE_DAYS} days.`,
        {
          kind: a.kind,
          appointmentId: a.id,
          ...(a.kind === 'AI_SYSTEM_OWNER' ? { aiSystemId: a.subjectRef } : {}),
        },
      ),
    );
  }
  return gaps;
}

const todaySchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' }).nullish();

export interface GovernanceGapDeps {
  store: TenantStore;
  clock: Clock;
  cursors: CursorCodec;
}

export async function governanceGaps(
  scope: TenantScope,
  args: ConnectionArgs & { today?: string | null },
  deps: GovernanceGapDeps,
): Promise<Connection<GovernanceGap>> {
  assertCan(scope.role, 'governance.read');
  const today = parseInput(todaySchema, args.today, ['today']) ?? deps.clock.now().toISOString().slice(0, 10);
  // Three key-served reads whatever the number of gaps: meetings are not read, each committee carries its last date.
  const [appointments, systems, committees] = await Promise.all([
    readAll(deps.store, Appointments, 'inForce', {}),
    readAll(deps.store, AiSystems, 'inventory', {}),
    readAll(deps.store, Committees, 'all', {}),
  ]);
  const gaps = governanceGapsOf({ appointments, systems, committees, today });
  return connectionFromArray(gaps, args, deps.cursors, scope.tenantId, `governanceGaps|${today}`);
}
