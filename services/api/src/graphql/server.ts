// Builds the Apollo server: schema from the SDL, resolvers, error shaping,
// limits, and introspection/sandbox everywhere but production.

import { typeDefs } from '@aims/graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from '@aws-lambda-powertools/logger';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, parse } from 'graphql';
import type { RequestContext } from '../context';
import { createFormatError } from './format-error';
import type { Resolvers } from './generated/resolvers';
import { fieldMultipliers, queryLimits } from './limits';
import { impactResolvers } from './resolvers/impact';
import { inventoryResolvers } from './resolvers/inventory';
import { riskResolvers } from './resolvers/risk';
import { soaResolvers } from './resolvers/soa';
import { tenancyResolvers } from './resolvers/tenancy';
import { DateTime, JSONScalar } from './scalars';

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: {
    ...tenancyResolvers.Query,
    ...inventoryResolvers.Query,
    ...riskResolvers.Query,
    ...impactResolvers.Query,
    ...soaResolvers.Query,
  },
  Mutation: {
    ...tenancyResolvers.Mutation,
    ...inventoryResolvers.Mutation,
    ...riskResolvers.Mutation,
    ...impactResolvers.Mutation,
    ...soaResolvers.Mutation,
  },
  Tenant: tenancyResolvers.Tenant,
  Membership: tenancyResolvers.Membership,
  Invitation: tenancyResolvers.Invitation,
  ConsultancyMembership: tenancyResolvers.ConsultancyMembership,
  AiSystem: { ...inventoryResolvers.AiSystem, ...riskResolvers.AiSystem, ...impactResolvers.AiSystem },
  ChangeRecord: inventoryResolvers.ChangeRecord,
  ControlObjective: riskResolvers.ControlObjective,
  AnnexAControl: riskResolvers.AnnexAControl,
  RiskMethodology: riskResolvers.RiskMethodology,
  RiskScore: riskResolvers.RiskScore,
  RiskTreatment: riskResolvers.RiskTreatment,
  RiskAcceptance: riskResolvers.RiskAcceptance,
  Risk: { ...riskResolvers.Risk, ...soaResolvers.Risk },
  ImpactAssessment: impactResolvers.ImpactAssessment,
  DimensionAssessment: impactResolvers.DimensionAssessment,
  ControlSuggestion: impactResolvers.ControlSuggestion,
  ImpactFinding: impactResolvers.ImpactFinding,
  StatementOfApplicability: soaResolvers.StatementOfApplicability,
  ApprovedSoa: soaResolvers.ApprovedSoa,
  SoaEntry: soaResolvers.SoaEntry,
  SoaFinding: soaResolvers.SoaFinding,
  TreatmentAction: soaResolvers.TreatmentAction,
  TreatmentPlan: soaResolvers.TreatmentPlan,
};

// Built once per container, here rather than by Apollo, so the cost limits read
// the same schema that executes. Not makeExecutableSchema: it first merges the
// type definitions (graphql-tools' mergeTypeDefs), which costs more than building
// the schema itself; the SDL is one generated document, so there is nothing to
// merge. Resolvers are attached in place, as Apollo's own path ends up doing.
const schema = addResolversToSchema({
  schema: buildASTSchema(parse(typeDefs)),
  resolvers,
  updateResolversInPlace: true,
});
const multipliers = fieldMultipliers(schema);

export function createApolloServer(options: { production: boolean; logger: Logger }) {
  return new ApolloServer<RequestContext>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(options.logger),
    validationRules: [queryLimits(multipliers)],
    plugins: [
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}
