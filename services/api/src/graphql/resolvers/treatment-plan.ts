// Risk treatment plan resolvers (6.1.3, 8.3).
import {
  actionStatus,
  assertCan,
  connectionFromArray,
  createTreatmentAction,
  entityHistory,
  getControl,
  getTreatmentAction,
  treatmentPlan,
  updateTreatmentAction,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const treatmentPlanResolvers: Resolvers = {
  Query: {
    treatmentPlan: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => ({
        ...(await treatmentPlan(a.scope, { riskId: args.riskId, controlId: args.controlId }, deps)),
        tenantId: a.tenant.id,
        listing: `treatmentPlan|${args.riskId ?? ''}|${args.controlId ?? ''}`,
      })),
    treatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getTreatmentAction(a.scope, args.id, deps)),
  },
  Mutation: {
    createTreatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createTreatmentAction(a.scope, args.input, deps)),
    updateTreatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateTreatmentAction(a.scope, args.input, deps)),
  },
  TreatmentPlan: {
    actions: (plan, args, ctx) =>
      connectionFromArray(plan.actions, args, ctx.deps.cursors, plan.tenantId, plan.listing),
  },
  Risk: {
    treatmentActions: (r, _, ctx) =>
      withTenant(ctx, r.tenantId, async (a) => {
        assertCan(a.scope.role, 'risk.read');
        return a.loaders.riskActions.load(r.id);
      }),
  },
  TreatmentAction: {
    risk: (t, _, ctx) =>
      t.riskId ? withTenant(ctx, t.tenantId, (a) => a.loaders.risks.load(t.riskId as string)) : null,
    control: (t) => (t.controlId ? (getControl(t.controlId) ?? null) : null),
    owner: (t, _, ctx) => ctx.loaders.users.load(t.ownerId),
    status: (t, _, ctx) => actionStatus(t, ctx.deps.clock.now().toISOString().slice(0, 10)),
    history: (t, args, ctx) =>
      withTenant(ctx, t.tenantId, (a, deps) =>
        entityHistory(a.scope, 'TreatmentAction', t.id, args, { history: deps.store, ...deps }, t.version),
      ),
  },
};
