// Records a committee meeting: attendance, agenda, decisions and the minutes.
//
// Who may record: writing the minutes down is administrative, so the AIMS
// manager or the consultant (as secretary) may do it, and so may the
// committee's chair. The decisions, though, are the committee's: a meeting
// that records decisions must have been attended by the chair or a
// top-management appointee, and every attendee must hold a seat (a committee
// appointment for this committee, or top management) on the day; anybody else
// is recorded as a guest. A consultant can hold no seat, so a consultant's
// presence never makes a decision the committee's.
//
// The meeting is its own item; the committee keeps only the date of its latest
// meeting (so gap checks read no meetings), written in the same transaction, as
// is the digest of its newest meetings (so listings read no meeting partitions).
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { check, put, recordChange } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { can } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type Appointment, type AppointmentKind, activeAt, inForceAt } from './appointment';
import { type Committee, type CommitteeMeeting, recordCommitteeMeetingInput } from './committee';
import { currentDigest, withMeeting } from './committee-meeting-digest';
import { Appointments, CommitteeMeetingDigests, CommitteeMeetings, Committees } from './model';

const at = (...path: (string | number)[]) => ['input', ...path];

/** Seats of this committee: its linked chair and members, plus unlinked ones from before committees had ids. */
const seatedOn = (committee: Committee, a: Appointment, kinds: readonly AppointmentKind[]) =>
  kinds.includes(a.kind) &&
  (a.kind === 'TOP_MANAGEMENT' || a.subjectRef === committee.id || a.subjectRef === null);

/** Every chair, member and top-management appointment, ended ones included (a past meeting's seats). */
async function seatAppointments(deps: StoreDeps): Promise<Appointment[]> {
  const kinds = ['COMMITTEE_CHAIR', 'COMMITTEE_MEMBER', 'TOP_MANAGEMENT'] as const;
  const lists = await Promise.all(
    kinds.map((kind) => readAll(deps.store, Appointments, 'register', {}, { sortPrefix: `${kind}#` })),
  );
  return lists.flat();
}

export async function recordCommitteeMeeting(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<CommitteeMeeting> {
  const input = parseInput(recordCommitteeMeetingInput, rawInput, ['input']);
  const committee = await deps.store.get(Committees, { id: input.committeeId });
  if (!committee) throw new NotFoundError('Committee', input.committeeId);
  const [seats, digest] = await Promise.all([
    seatAppointments(deps),
    currentDigest(deps.store, committee.id),
  ]);
  const now = deps.clock.now();

  const chairsIt = seats.some(
    (a) => a.userId === scope.actorId && seatedOn(committee, a, ['COMMITTEE_CHAIR']) && activeAt(a, now),
  );
  if (!can(scope.role, 'governance.appoint') && !chairsIt) {
    throw new ForbiddenError(
      "only the AIMS manager, a consultant or the committee's chair may record its meetings",
    );
  }

  const errors: FieldError[] = [];
  const today = now.toISOString().slice(0, 10);
  if (input.heldOn > today) errors.push({ path: at('heldOn'), message: 'must not be in the future' });
  if (input.heldOn < committee.createdAt.slice(0, 10)) {
    errors.push({ path: at('heldOn'), message: 'is before the committee was set up' });
  }
  const endOfDay = new Date(`${input.heldOn}T23:59:59.999Z`);
  const seatOf = (userId: string, kinds: readonly AppointmentKind[]) =>
    seats.some((a) => a.userId === userId && seatedOn(committee, a, kinds) && inForceAt(a, endOfDay));
  const seen = new Set<string>();
  input.attendees.forEach((userId, i) => {
    if (seen.has(userId)) errors.push({ path: at('attendees', i), message: 'is listed twice' });
    seen.add(userId);
    if (!seatOf(userId, ['COMMITTEE_CHAIR', 'COMMITTEE_MEMBER', 'TOP_MANAGEMENT'])) {
      errors.push({
        path: at('attendees', i),
        message: `holds no committee or top-management appointment on ${input.heldOn}: record them as a guest`,
      });
    }
  });
  const decisions = input.decisions ?? [];
  if (decisions.length && !input.attendees.some((u) => seatOf(u, ['COMMITTEE_CHAIR', 'TOP_MANAGEMENT']))) {
    errors.push({
      path: at('decisions'),
      message: "are the committee's: the chair or a top-management appointee must have attended",
    });
  }
  if (errors.length) throw new ValidationError(errors);

  const stamp = now.toISOString();
  const meeting: CommitteeMeeting = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    committeeId: committee.id,
    heldOn: input.heldOn,
    attendees: input.attendees,
    guests: input.guests ?? [],
    agenda: input.agenda,
    decisions: decisions.map((d) => ({ text: d.text, type: d.type, ref: d.ref ?? null })),
    minutesRef: input.minutesRef,
    recordedBy: scope.actorId,
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
  };
  const later = !committee.lastMeetingOn || input.heldOn > committee.lastMeetingOn;
  const next: Committee = {
    ...committee,
    lastMeetingOn: input.heldOn,
    version: committee.version + 1,
    updatedAt: stamp,
  };
  const nextDigest = {
    committeeId: committee.id,
    tenantId: scope.tenantId,
    ...withMeeting(digest.base, meeting),
    version: (digest.digest?.version ?? 0) + 1,
    updatedAt: stamp,
  };
  await deps.store.commit([
    put(CommitteeMeetings, meeting, 'absent'),
    put(CommitteeMeetingDigests, nextDigest, digest.digest ? { version: digest.digest.version } : 'absent'),
    recordChange(changeOf(CommitteeMeetings, scope, null, meeting, stamp, deps.ids)),
    // A backfilled older meeting leaves the committee as it is, but still needs it to exist unchanged.
    ...(later
      ? [
          put(Committees, next, { version: committee.version }),
          recordChange(changeOf(Committees, scope, committee, next, stamp, deps.ids)),
        ]
      : [check(Committees, { id: committee.id }, committee.version)]),
  ]);
  return meeting;
}
