// Builds the Apollo server: schema from the SDL, resolvers, error shaping,
// limits, and introspection/sandbox everywhere but production.

import { typeDefsAst } from '@aims/graphql/ast';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, type DocumentNode } from 'graphql';
import type { RequestContext } from '../context';
import { createFormatError } from './format-error';
import type { Resolvers } from './generated/resolvers';
import { validateIdArguments } from './id-arguments';
import { fieldMultipliers, queryLimits } from './limits';
import { contextResolvers } from './resolvers/context';
import { controlsResolvers } from './resolvers/controls';
import { conversionResolvers } from './resolvers/conversion';
import { documentsResolvers } from './resolvers/documents';
import { governanceResolvers } from './resolvers/governance';
import { impactResolvers } from './resolvers/impact';
import { inventoryResolvers } from './resolvers/inventory';
import { objectivesResolvers } from './resolvers/objectives';
import { opportunityResolvers } from './resolvers/opportunity';
import { policyResolvers } from './resolvers/policy';
import { portfolioResolvers } from './resolvers/portfolio';
import { readinessResolvers } from './resolvers/readiness';
import { reassessmentResolvers } from './resolvers/reassessment';
import { remindersResolvers } from './resolvers/reminders';
import { riskResolvers } from './resolvers/risk';
import { soaResolvers } from './resolvers/soa';
import { supportResolvers } from './resolvers/support';
import { tenancyResolvers } from './resolvers/tenancy';
import { treatmentPlanResolvers } from './resolvers/treatment-plan';
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
    ...treatmentPlanResolvers.Query,
    ...governanceResolvers.Query,
    ...opportunityResolvers.Query,
    ...controlsResolvers.Query,
    ...reassessmentResolvers.Query,
    ...remindersResolvers.Query,
    ...documentsResolvers.Query,
    ...supportResolvers.Query,
    ...policyResolvers.Query,
    ...objectivesResolvers.Query,
    ...contextResolvers.Query,
    ...conversionResolvers.Query,
    ...readinessResolvers.Query,
    ...portfolioResolvers.Query,
  },
  Mutation: {
    ...tenancyResolvers.Mutation,
    ...inventoryResolvers.Mutation,
    ...riskResolvers.Mutation,
    ...impactResolvers.Mutation,
    ...soaResolvers.Mutation,
    ...treatmentPlanResolvers.Mutation,
    ...governanceResolvers.Mutation,
    ...opportunityResolvers.Mutation,
    ...controlsResolvers.Mutation,
    ...reassessmentResolvers.Mutation,
    ...remindersResolvers.Mutation,
    ...documentsResolvers.Mutation,
    ...supportResolvers.Mutation,
    ...policyResolvers.Mutation,
    ...objectivesResolvers.Mutation,
    ...contextResolvers.Mutation,
    ...conversionResolvers.Mutation,
    ...readinessResolvers.Mutation,
    ...portfolioResolvers.Mutation,
  },
  Tenant: tenancyResolvers.Tenant,
  Membership: tenancyResolvers.Membership,
  Invitation: tenancyResolvers.Invitation,
  ConsultancyMembership: tenancyResolvers.ConsultancyMembership,
  TenantConversion: conversionResolvers.TenantConversion,
  PortfolioClient: portfolioResolvers.PortfolioClient,
  PortfolioReadiness: portfolioResolvers.PortfolioReadiness,
  PortfolioOverdue: portfolioResolvers.PortfolioOverdue,
  ConsultancyTemplate: portfolioResolvers.ConsultancyTemplate,
  AiSystem: {
    ...inventoryResolvers.AiSystem,
    ...riskResolvers.AiSystem,
    ...impactResolvers.AiSystem,
    ...opportunityResolvers.AiSystem,
    ...contextResolvers.AiSystem,
  },
  ChangeRecord: inventoryResolvers.ChangeRecord,
  ControlObjective: riskResolvers.ControlObjective,
  AnnexAControl: riskResolvers.AnnexAControl,
  RiskMethodology: riskResolvers.RiskMethodology,
  RiskScore: riskResolvers.RiskScore,
  RiskTreatment: riskResolvers.RiskTreatment,
  RiskAcceptance: riskResolvers.RiskAcceptance,
  ResidualRiskAcceptance: riskResolvers.ResidualRiskAcceptance,
  RiskClosure: riskResolvers.RiskClosure,
  TreatmentOutcome: riskResolvers.TreatmentOutcome,
  Risk: { ...riskResolvers.Risk, ...treatmentPlanResolvers.Risk },
  ImpactAssessment: impactResolvers.ImpactAssessment,
  EuAiActProfile: inventoryResolvers.EuAiActProfile,
  ReassessmentRequest: reassessmentResolvers.ReassessmentRequest,
  ReassessmentTrigger: reassessmentResolvers.ReassessmentTrigger,
  Reminder: remindersResolvers.Reminder,
  ReminderDismissal: remindersResolvers.ReminderDismissal,
  DimensionAssessment: impactResolvers.DimensionAssessment,
  ControlSuggestion: impactResolvers.ControlSuggestion,
  ImpactFinding: impactResolvers.ImpactFinding,
  StatementOfApplicability: soaResolvers.StatementOfApplicability,
  ApprovedSoa: soaResolvers.ApprovedSoa,
  SoaEntry: soaResolvers.SoaEntry,
  SoaFinding: soaResolvers.SoaFinding,
  SoaWaiver: soaResolvers.SoaWaiver,
  TreatmentAction: treatmentPlanResolvers.TreatmentAction,
  TreatmentPlan: treatmentPlanResolvers.TreatmentPlan,
  ApprovedTreatmentPlan: treatmentPlanResolvers.ApprovedTreatmentPlan,
  TreatmentPlanApproval: treatmentPlanResolvers.TreatmentPlanApproval,
  EffectivenessCheck: treatmentPlanResolvers.EffectivenessCheck,
  ActionCancellation: treatmentPlanResolvers.ActionCancellation,
  TreatmentPlanGap: treatmentPlanResolvers.TreatmentPlanGap,
  Appointment: governanceResolvers.Appointment,
  Committee: governanceResolvers.Committee,
  CommitteeMeeting: governanceResolvers.CommitteeMeeting,
  RaciAssignment: governanceResolvers.RaciAssignment,
  AiOpportunity: opportunityResolvers.AiOpportunity,
  OpportunityAction: opportunityResolvers.OpportunityAction,
  OpportunityEvaluation: opportunityResolvers.OpportunityEvaluation,
  OpportunityRejection: opportunityResolvers.OpportunityRejection,
  Control: controlsResolvers.Control,
  CustomControl: controlsResolvers.CustomControl,
  ControlledDocument: documentsResolvers.ControlledDocument,
  DocumentApproval: documentsResolvers.DocumentApproval,
  RegisterEntry: documentsResolvers.RegisterEntry,
  CompetenceRequirement: supportResolvers.CompetenceRequirement,
  CompetenceRecord: supportResolvers.CompetenceRecord,
  CompetenceGapAction: supportResolvers.CompetenceGapAction,
  EffectivenessEvaluation: supportResolvers.EffectivenessEvaluation,
  CompetenceGap: supportResolvers.CompetenceGap,
  CompetenceMatrixRow: supportResolvers.CompetenceMatrixRow,
  TrainingCourse: supportResolvers.TrainingCourse,
  TrainingAssignment: supportResolvers.TrainingAssignment,
  AwarenessCoverage: supportResolvers.AwarenessCoverage,
  AwarenessItemCoverage: supportResolvers.AwarenessItemCoverage,
  PersonAwareness: supportResolvers.PersonAwareness,
  ReconcileTrainingAssignmentsPayload: supportResolvers.ReconcileTrainingAssignmentsPayload,
  CommunicationPlanEntry: supportResolvers.CommunicationPlanEntry,
  CommunicationLog: supportResolvers.CommunicationLog,
  CommunicationGap: supportResolvers.CommunicationGap,
  PolicyDocument: policyResolvers.PolicyDocument,
  PolicyApproval: policyResolvers.PolicyApproval,
  PolicyAcknowledgement: policyResolvers.PolicyAcknowledgement,
  CommitmentEvidenceItem: policyResolvers.CommitmentEvidenceItem,
  AiObjective: objectivesResolvers.AiObjective,
  ObjectiveProgressRecord: objectivesResolvers.ObjectiveProgressRecord,
  ContextIssue: contextResolvers.ContextIssue,
  InterestedParty: contextResolvers.InterestedParty,
  ContextProfile: contextResolvers.ContextProfile,
  PartyTypeNotRelevant: contextResolvers.PartyTypeNotRelevant,
  ScopeStatement: contextResolvers.ScopeStatement,
  ScopeInScope: contextResolvers.ScopeInScope,
  ScopeExclusion: contextResolvers.ScopeExclusion,
  ScopeApproval: contextResolvers.ScopeApproval,
  ReadinessQuestion: readinessResolvers.ReadinessQuestion,
  ReadinessQuestionBank: readinessResolvers.ReadinessQuestionBank,
  ReadinessDraft: readinessResolvers.ReadinessDraft,
  ReadinessAnswer: readinessResolvers.ReadinessAnswer,
  ReadinessSnapshot: readinessResolvers.ReadinessSnapshot,
  ReadinessItemScore: readinessResolvers.ReadinessItemScore,
  ReadinessComparison: readinessResolvers.ReadinessComparison,
  CommonMistake: readinessResolvers.CommonMistake,
  ReadinessAction: readinessResolvers.ReadinessAction,
};

// Built once per container, here rather than by Apollo, so the cost limits read
// the same schema that executes. Not makeExecutableSchema: it first merges the
// type definitions (graphql-tools' mergeTypeDefs), which costs more than building
// the schema itself; the SDL is one generated document, so there is nothing to
// merge. Resolvers are attached in place, as Apollo's own path ends up doing.
// Cold start: the SDL arrives parsed (generated JSON, no lexing), and since it is
// validated when generated (`pnpm gen`) and by schema.test.ts, graphql-js's SDL
// rules and schema validation are skipped here (together ~100 ms CPU).
export const schema = addResolversToSchema({
  schema: buildASTSchema(typeDefsAst as DocumentNode, { assumeValidSDL: true, assumeValid: true }),
  resolvers,
  updateResolversInPlace: true,
});
validateIdArguments(schema);
const multipliers = fieldMultipliers(schema);

/** One status per condition: UNAUTHENTICATED is 401 whether the token was missing or invalid; a request refused before execution is 400. */
const unauthenticatedIs401: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        if (errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) response.http.status = 401;
        // A refusal before execution (e.g. the token limit, raised while parsing) is the client's: 400, not 500.
        else if (
          data === undefined &&
          response.http.status === 500 &&
          errors?.every((e) => e.extensions?.code !== 'INTERNAL_SERVER_ERROR')
        ) {
          response.http.status = 400;
        }
      },
    };
  },
};

export function createApolloServer(options: { production: boolean; logger: Logger }) {
  // Aliases, directives and tokens per request from GraphQL Armor; depth and cost are ours (priced by work).
  const armor = new ApolloArmor({
    maxAliases: { n: MAX_ALIASES },
    maxDirectives: { n: 20 },
    // graphql-js counts tokens while parsing (parseOptions below): a parse error, so HTTP 400.
    maxTokens: { enabled: false },
    maxDepth: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  return new ApolloServer<RequestContext>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: createFormatError(options.logger),
    validationRules: [queryLimits(multipliers), ...armor.validationRules],
    plugins: [
      ...armor.plugins,
      unauthenticatedIs401,
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}

/** Enough for a dashboard that names its parts; 500 aliases of one costly field are not. */
export const MAX_ALIASES = 15;
export const MAX_TOKENS = 4_000;
