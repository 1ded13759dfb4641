// Governance appointment resolvers: thin adapters over the core use cases.
import {
  type Appointment,
  acceptAppointment,
  appoint,
  appointmentHistory,
  appointmentStatus,
  endAppointment,
  getAppointment,
  governanceGaps,
  listAppointments,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';
import { withTenant } from './tenant-deps';

export const governanceResolvers: Resolvers = {
  Query: {
    appointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getAppointment(a.scope, args.id, deps)),
    appointments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAppointments(a.scope, args, deps)),
    governanceGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => governanceGaps(a.scope, args, deps)),
  },
  Mutation: {
    appoint: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => appoint(a.scope, args.input, deps)),
    acceptAppointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => acceptAppointment(a.scope, args.input, deps)),
    endAppointment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => endAppointment(a.scope, args.input, deps)),
  },
  Appointment: {
    user: async (a: Appointment, _, ctx) =>
      required(await ctx.loaders.users.load(a.userId), 'User', a.userId),
    appointedBy: async (a: Appointment, _, ctx) =>
      required(await ctx.loaders.users.load(a.appointedBy), 'User', a.appointedBy),
    status: (a: Appointment) => appointmentStatus(a),
    // The appointment's own tenant, re-checked through the same membership gate.
    history: (a: Appointment, args, ctx) =>
      withTenant(ctx, a.tenantId, (access, deps) => appointmentHistory(access.scope, a, args, deps)),
  },
};
