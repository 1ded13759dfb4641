// AI objective resolvers (6.2, §3.2.3): thin adapters over the core use cases.
import {
  type Appointment,
  Appointments,
  aiObjectiveHistory,
  connectionFromArray,
  createAiObjective,
  getAiObjective,
  listAiObjectives,
  objectiveProgress,
  objectiveProgressRecords,
  recordObjectiveProgress,
  transitionAiObjective,
  updateAiObjective,
} from '@aims/core';
import DataLoader from 'dataloader';
import type { TenantAccess } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

const owners = new WeakMap<TenantAccess, DataLoader<string, Appointment | null>>();

/** Owner appointments of a page of objectives: one BatchGet. */
function ownerLoader(access: TenantAccess): DataLoader<string, Appointment | null> {
  let loader = owners.get(access);
  if (!loader) {
    loader = new DataLoader(
      (ids) =>
        access.store.getMany(
          Appointments,
          ids.map((id) => ({ id })),
        ),
      { maxBatchSize: 100 },
    );
    owners.set(access, loader);
  }
  return loader;
}

export const objectivesResolvers: Resolvers = {
  Query: {
    aiObjective: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getAiObjective(a.scope, args.id, deps)),
    aiObjectives: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAiObjectives(a.scope, args, deps)),
  },
  Mutation: {
    createAiObjective: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createAiObjective(a.scope, args.input, deps)),
    updateAiObjective: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateAiObjective(a.scope, args.input, deps)),
    transitionAiObjective: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => transitionAiObjective(a.scope, args.input, deps)),
    recordAiObjectiveProgress: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => recordObjectiveProgress(a.scope, args.input, deps)),
  },
  AiObjective: {
    owner: (o, _, ctx) => withTenant(ctx, o.tenantId, (a) => ownerLoader(a).load(o.ownerAppointmentId)),
    progress: (o) => objectiveProgress(o),
    progressRecords: (o, args, ctx) =>
      withTenant(ctx, o.tenantId, async (a, deps) =>
        connectionFromArray(
          await objectiveProgressRecords(a.scope, o.id, deps),
          args,
          deps.cursors,
          a.tenant.id,
          `objectiveProgress|${o.id}`,
        ),
      ),
    history: (o, args, ctx) =>
      withTenant(ctx, o.tenantId, (a, deps) => aiObjectiveHistory(a.scope, o, args, deps)),
  },
  ObjectiveProgressRecord: {
    recordedBy: (p, _, ctx) => ctx.loaders.users.load(p.recordedBy),
  },
};
