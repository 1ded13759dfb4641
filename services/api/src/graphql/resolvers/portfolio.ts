// Consultancy portfolio and templates (§3.16): parse, call one core use case, shape the result.
import {
  consultancyPortfolio,
  listConsultancyTemplates,
  publishConsultancyTemplate,
  type TemplateDeps,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { RequestContext } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';

const templateDeps = (ctx: RequestContext): TemplateDeps => ({
  controlPlane: ctx.deps.controlPlane,
  templates: ctx.deps.templates,
  tenantStore: (tenant) => tenantStore(tenant, ctx.deps.clients),
  cursors: ctx.deps.cursors,
  clock: ctx.deps.clock,
});

export const portfolioResolvers: Resolvers = {
  Query: {
    portfolio: (_, args, ctx) =>
      consultancyPortfolio(ctx.actor(), args.consultancyId, args.orderBy, args, {
        controlPlane: ctx.deps.controlPlane,
        portfolio: ctx.deps.portfolio,
        cursors: ctx.deps.cursors,
      }),
    consultancyTemplates: (_, args, ctx) =>
      listConsultancyTemplates(ctx.actor(), args.consultancyId, args, templateDeps(ctx)),
  },
  Mutation: {
    publishConsultancyTemplate: (_, args, ctx) =>
      publishConsultancyTemplate(ctx.actor(), args.input, templateDeps(ctx)),
  },
  PortfolioClient: {
    name: (s) => s.tenantName,
    // Arrive with their modules (nonconformities, management review, internal audit).
    openMajorNonconformities: () => null,
    daysToManagementReviewDue: () => null,
    programmeCoverage: () => null,
  },
  PortfolioReadiness: {
    level: (r) => r.readinessLevel,
    score: (r) => r.overall,
  },
  PortfolioOverdue: {
    byKind: (o) =>
      Object.entries(o.byKind)
        .filter(([, count]) => count > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([kind, count]) => ({ kind, count })),
  },
  ConsultancyTemplate: {
    publishedBy: async (t, _, ctx) =>
      required(await ctx.loaders.users.load(t.publishedBy), 'User', t.publishedBy),
  },
};
