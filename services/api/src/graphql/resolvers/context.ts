// Context of the organisation resolvers (Clause 4, §3.1): thin adapters over
// the core use cases. AiSystem.inScope reads the approved scope once per
// request through the tenant loader, however many systems are listed.

import {
  approvedScopeStatement,
  approveScopeStatement,
  contextGaps,
  contextHistory,
  createContextIssue,
  createInterestedParty,
  createScopeStatement,
  getContextIssue,
  getInterestedParty,
  getScopeStatement,
  inApprovedScope,
  listContextIssues,
  listInterestedParties,
  listScopeStatements,
  readContextProfile,
  scopeTemplates,
  transitionScopeStatement,
  updateContextIssue,
  updateContextProfile,
  updateInterestedParty,
  updateScopeStatement,
} from '@aims/core';
import type { RequestContext } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

const systemsOf = (ctx: RequestContext, tenantId: string, ids: readonly string[]) =>
  withTenant(ctx, tenantId, async (a) =>
    (await a.loaders.aiSystems.loadMany(ids)).flatMap((s) => (s && !(s instanceof Error) ? [s] : [])),
  );

export const contextResolvers: Resolvers = {
  Query: {
    contextIssue: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getContextIssue(a.scope, args.id, deps)),
    contextIssues: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listContextIssues(a.scope, args, deps)),
    interestedParty: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getInterestedParty(a.scope, args.id, deps)),
    interestedParties: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listInterestedParties(a.scope, args, deps)),
    contextProfile: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => readContextProfile(a.scope, deps)),
    scopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getScopeStatement(a.scope, args.id, deps)),
    scopeStatements: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listScopeStatements(a.scope, args, deps)),
    approvedScopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approvedScopeStatement(a.scope, deps)),
    scopeTemplates: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => scopeTemplates(a.scope, args, deps)),
    contextGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => contextGaps(a.scope, args, deps)),
  },
  Mutation: {
    createContextIssue: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createContextIssue(a.scope, args.input, deps)),
    updateContextIssue: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateContextIssue(a.scope, args.input, deps)),
    createInterestedParty: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createInterestedParty(a.scope, args.input, deps)),
    updateInterestedParty: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateInterestedParty(a.scope, args.input, deps)),
    updateContextProfile: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateContextProfile(a.scope, args.input, deps)),
    createScopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createScopeStatement(a.scope, args.input, deps)),
    updateScopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateScopeStatement(a.scope, args.input, deps)),
    transitionScopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => transitionScopeStatement(a.scope, args.input, deps)),
    approveScopeStatement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approveScopeStatement(a.scope, args.input, deps)),
  },
  AiSystem: {
    inScope: (system, _, ctx) =>
      withTenant(ctx, system.tenantId, async (a) =>
        inApprovedScope(await a.loaders.approvedScope(), system.id),
      ),
  },
  ContextIssue: {
    aiSystems: (i, _, ctx) => systemsOf(ctx, i.tenantId, i.aiSystemIds),
    history: (i, args, ctx) =>
      withTenant(ctx, i.tenantId, (a, deps) => contextHistory(a.scope, 'ContextIssue', i, args, deps)),
  },
  InterestedParty: {
    aiSystems: (p, _, ctx) => systemsOf(ctx, p.tenantId, p.aiSystemIds),
    history: (p, args, ctx) =>
      withTenant(ctx, p.tenantId, (a, deps) => contextHistory(a.scope, 'InterestedParty', p, args, deps)),
  },
  ContextProfile: {
    updatedAt: (p) => (p.version ? p.updatedAt : null),
  },
  PartyTypeNotRelevant: {
    recordedBy: (t, _, ctx) => ctx.loaders.users.load(t.recordedBy),
  },
  ScopeStatement: {
    inScope: (s) => ({ ...s.inScope, tenantId: s.tenantId }),
    exclusions: (s) => s.exclusions.map((e) => ({ ...e, tenantId: s.tenantId })),
    authors: (s, _, ctx) => Promise.all(s.authorIds.map((id) => ctx.loaders.users.load(id))),
    history: (s, args, ctx) =>
      withTenant(ctx, s.tenantId, (a, deps) => contextHistory(a.scope, 'ScopeStatement', s, args, deps)),
  },
  ScopeInScope: {
    aiSystems: (s, _, ctx) => systemsOf(ctx, s.tenantId, s.aiSystemIds),
  },
  ScopeExclusion: {
    aiSystem: async (e, _, ctx) =>
      e.aiSystemId ? ((await systemsOf(ctx, e.tenantId, [e.aiSystemId]))[0] ?? null) : null,
  },
  ScopeApproval: {
    by: (a, _, ctx) => ctx.loaders.users.load(a.by),
  },
};
