// Governance resolvers (appointments, committees, RACI): thin adapters over the core use cases.
import {
  type Appointment,
  acceptAppointment,
  appoint,
  appointmentHistory,
  appointmentStatus,
  type Committee,
  type CommitteeMeeting,
  Committees,
  createCommittee,
  endAppointment,
  entityHistory,
  getAppointment,
  getCommittee,
  getCommitteeMeeting,
  governanceGaps,
  listAppointments,
  listCommitteeMeetings,
  listCommittees,
  nextMeetingDue,
  type RaciAssignment,
  raci,
  recordCommitteeMeeting,
  type TenantStore,
  updateCommittee,
} from '@aims/core';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';
import { withTenant } from './tenant-deps';

/** Committees by id, once per request: a page of meetings names the same committee. */
const committeeLoaders = new WeakMap<RequestContext, DataLoader<string, Committee | null>>();
function committeeLoader(ctx: RequestContext, store: TenantStore) {
  let loader = committeeLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader((ids) =>
      store.getMany(
        Committees,
        ids.map((id) => ({ id })),
      ),
    );
    committeeLoaders.set(ctx, loader);
  }
  return loader;
}

const user = async (ctx: RequestContext, id: string) =>
  required(await ctx.loaders.users.load(id), 'User', id);

export const governanceResolvers: Resolvers = {
  Query: {
    appointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getAppointment(a.scope, args.id, deps)),
    appointments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAppointments(a.scope, args, deps)),
    governanceGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => governanceGaps(a.scope, args, deps)),
    committee: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getCommittee(a.scope, args.id, deps)),
    committees: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listCommittees(a.scope, args, deps)),
    committeeMeeting: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getCommitteeMeeting(a.scope, args.id, deps)),
    raci: (_, args, ctx) => withTenant(ctx, args.tenantId, (a, deps) => raci(a.scope, args, deps)),
  },
  Mutation: {
    appoint: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => appoint(a.scope, args.input, deps)),
    acceptAppointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => acceptAppointment(a.scope, args.input, deps)),
    endAppointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => endAppointment(a.scope, args.input, deps)),
    createCommittee: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createCommittee(a.scope, args.input, deps)),
    updateCommittee: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateCommittee(a.scope, args.input, deps)),
    recordCommitteeMeeting: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => recordCommitteeMeeting(a.scope, args.input, deps)),
  },
  Appointment: {
    user: (a: Appointment, _, ctx) => user(ctx, a.userId),
    appointedBy: (a: Appointment, _, ctx) => user(ctx, a.appointedBy),
    status: (a: Appointment) => appointmentStatus(a),
    // The appointment's own tenant, re-checked through the same membership gate.
    history: (a: Appointment, args, ctx) =>
      withTenant(ctx, a.tenantId, (access, deps) => appointmentHistory(access.scope, a, args, deps)),
  },
  Committee: {
    nextMeetingDue: (c: Committee) => nextMeetingDue(c),
    members: (c: Committee, args, ctx) =>
      withTenant(ctx, c.tenantId, (a, deps) =>
        listAppointments(
          a.scope,
          { ...args, filter: { subjectRef: c.id, active: args.active ?? null } },
          deps,
        ),
      ),
    meetings: (c: Committee, args, ctx) =>
      withTenant(ctx, c.tenantId, (a, deps) =>
        listCommitteeMeetings(a.scope, c, args, {
          ...deps,
          recentMeetings: {
            digest: (id) => a.loaders.committeeMeetingDigests.load(id),
            meetings: async (ids) =>
              (await a.loaders.committeeMeetings.loadMany(ids)).map((m) => {
                if (m instanceof Error) throw m;
                return m;
              }),
          },
        }),
      ),
    createdBy: (c: Committee, _, ctx) => user(ctx, c.createdBy),
    history: (c: Committee, args, ctx) =>
      withTenant(ctx, c.tenantId, (access, deps) =>
        entityHistory(access.scope, 'Committee', c.id, args, { history: deps.store, ...deps }, c.version),
      ),
  },
  CommitteeMeeting: {
    committee: (m: CommitteeMeeting, _, ctx) =>
      withTenant(ctx, m.tenantId, async (a) =>
        required(await committeeLoader(ctx, a.store).load(m.committeeId), 'Committee', m.committeeId),
      ),
    attendees: (m: CommitteeMeeting, _, ctx) => Promise.all(m.attendees.map((id) => user(ctx, id))),
    recordedBy: (m: CommitteeMeeting, _, ctx) => user(ctx, m.recordedBy),
  },
  RaciAssignment: {
    kind: (r: RaciAssignment) => r.appointment.kind,
    user: (r: RaciAssignment, _, ctx) => user(ctx, r.appointment.userId),
  },
};
