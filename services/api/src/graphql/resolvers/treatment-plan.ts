// Risk treatment plan resolvers (6.1.3, 8.3): actions, approval of plan versions, gaps.
import {
  actionStatus,
  approveTreatmentPlan,
  assertCan,
  cancelTreatmentAction,
  connectionFromArray,
  createTreatmentAction,
  entityHistory,
  getApprovedTreatmentPlan,
  getControl,
  getTreatmentAction,
  getTreatmentPlanState,
  recordEffectivenessCheck,
  TreatmentActions,
  treatmentPlan,
  treatmentPlanGaps,
  updateTreatmentAction,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const treatmentPlanResolvers: Resolvers = {
  Query: {
    treatmentPlan: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => ({
        ...(await treatmentPlan(a.scope, { riskId: args.riskId, controlId: args.controlId }, deps)),
        ...(await getTreatmentPlanState(a.scope, deps)),
        tenantId: a.tenant.id,
        listing: `treatmentPlan|${args.riskId ?? ''}|${args.controlId ?? ''}`,
      })),
    treatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getTreatmentAction(a.scope, args.id, deps)),
    approvedTreatmentPlan: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getApprovedTreatmentPlan(a.scope, args.number, deps)),
    treatmentPlanGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => {
        const page = await treatmentPlanGaps(a.scope, args, deps);
        return {
          ...page,
          edges: page.edges.map((e) => ({
            get cursor() {
              return e.cursor;
            },
            node: { ...e.node, tenantId: a.tenant.id },
          })),
        };
      }),
  },
  Mutation: {
    createTreatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createTreatmentAction(a.scope, args.input, deps)),
    updateTreatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateTreatmentAction(a.scope, args.input, deps)),
    cancelTreatmentAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => cancelTreatmentAction(a.scope, args.input, deps)),
    recordEffectivenessCheck: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => recordEffectivenessCheck(a.scope, args.input, deps)),
    approveTreatmentPlan: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approveTreatmentPlan(a.scope, args.input, deps)),
  },
  TreatmentPlan: {
    actions: (plan, args, ctx) =>
      connectionFromArray(plan.actions, args, ctx.deps.cursors, plan.tenantId, plan.listing),
  },
  ApprovedTreatmentPlan: {
    // One BatchGet per page for the actions as they are now.
    actions: (plan, args, ctx) =>
      withTenant(ctx, plan.tenantId, async (a, deps) => {
        const page = connectionFromArray(
          plan.actions,
          args,
          ctx.deps.cursors,
          plan.tenantId,
          `approvedTreatmentPlan|${plan.number}`,
        );
        assertCan(a.scope.role, 'risk.read');
        const current = await deps.store.getMany(
          TreatmentActions,
          page.edges.map((e) => ({ id: e.node.id })),
        );
        return {
          ...page,
          edges: page.edges.map((e, i) => ({
            get cursor() {
              return e.cursor;
            },
            node: { id: e.node.id, approvedVersion: e.node.version, action: current[i] ?? null },
          })),
        };
      }),
  },
  TreatmentPlanApproval: {
    by: (p, _, ctx) => ctx.loaders.users.load(p.by),
  },
  EffectivenessCheck: {
    by: (c, _, ctx) => (c.by ? ctx.loaders.users.load(c.by) : null),
  },
  ActionCancellation: {
    by: (c, _, ctx) => ctx.loaders.users.load(c.by),
  },
  TreatmentPlanGap: {
    risk: (g, _, ctx) =>
      g.riskId ? withTenant(ctx, g.tenantId, (a) => a.loaders.risks.load(g.riskId as string)) : null,
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
    controlRef: (t) => t.controlId,
    owner: (t, _, ctx) => ctx.loaders.users.load(t.ownerId),
    status: (t, _, ctx) => actionStatus(t, ctx.deps.clock.now().toISOString().slice(0, 10)),
    history: (t, args, ctx) =>
      withTenant(ctx, t.tenantId, (a, deps) =>
        entityHistory(a.scope, 'TreatmentAction', t.id, args, { history: deps.store, ...deps }, t.version),
      ),
  },
};
