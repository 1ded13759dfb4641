// ESLint lints only the GraphQL schema (Biome lints and formats the TypeScript):
// the contract rules a front-end developer relies on — Relay connections,
// one `input` per mutation named after it, naming, descriptions, no dead types.
import graphql from '@graphql-eslint/eslint-plugin';

// input-name, except `tenantId`: tenant-scoped mutations take the tenant beside
// `input`, as every tenant-scoped query does (it may come from the x-tenant-id header).
const inputName = graphql.rules['input-name'];
const underTenantIdArgument = (node) => {
  for (let n = node; n; n = n.parent) {
    if (n.kind === 'InputValueDefinition') return n.name.value === 'tenantId';
  }
  return false;
};
const tenantScopedInputName = {
  meta: inputName.meta,
  create(context) {
    const report = (descriptor) => {
      if (!underTenantIdArgument(descriptor.node)) context.report(descriptor);
    };
    return inputName.create(Object.create(context, { report: { value: report } }));
  },
};

// require-description's rootField option joins the root type names with ',' in a
// regular expression, so with both Query and Mutation it matches neither: ask for
// descriptions on root fields with a selector of our own.
const requireDescription = graphql.rules['require-description'];

export default [
  {
    files: ['graphql/schema/*.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: 'graphql/schema/*.graphql' } },
    },
    plugins: {
      '@graphql-eslint': graphql,
      aims: {
        rules: { 'input-name': tenantScopedInputName, 'require-root-field-description': requireDescription },
      },
    },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      'aims/input-name': ['error', { checkInputType: true, caseSensitiveInputType: false }],
      '@graphql-eslint/description-style': ['error', { style: 'inline' }],
      // Forward pagination only: every list takes `first`/`after`.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Ids are per tenant and per type, not global: no Node interface.
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
      // Entities have an `id: ID!`; these are values, per-caller or per-tenant singletons, or
      // identified by a version or a control (say so here when adding one).
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Connection', 'Edge', 'Payload'],
            types: [
              'AnnexACatalogue',
              'Art63Derogation',
              'DataDisposal',
              'GpaiStatus',
              'HighRiskClassification',
              'ReminderDismissal',
              'ImpactAssessmentSettings',
              'ReassessmentTrigger',
              'CommitmentEvidence',
              'CommitmentEvidenceCount',
              'CommitmentEvidenceItem',
              'ObjectiveMeasure',
              'ObjectiveMeasurement',
              'ObjectivePlan',
              'PolicyAcknowledgement',
              'PolicyAcknowledgementStats',
              'PolicyApproval',
              'PolicyCompleteness',
              'PolicyElementRef',
              'PolicyReference',
              'PolicySection',
              'PolicyWarning',
              'ReadinessScaleLevel',
              'ReadinessQuestionBank',
              'ReadinessAiSystemCount',
              'ReadinessThirdPartyAi',
              'ReadinessEuNexus',
              'ReadinessProfile',
              'ReadinessAnswer',
              'ReadinessSectionProgress',
              'ReadinessProgress',
              'ReadinessDraft',
              'ReadinessBlockScore',
              'ReadinessItemScore',
              'ReadinessMilestone',
              'ReadinessRoadmapTask',
              'ReadinessRoadmapMonth',
              'ReadinessRoadmap',
              'ReadinessScoreDelta',
              'ReadinessBlockDelta',
              'ReadinessGapDelta',
              'ReadinessComparison',
              'CommonMistake',
              'ReadinessActionClosure',
              'ApprovedSoa',
              'ApprovedTreatmentPlan',
              'ActionCancellation',
              'EffectivenessCheck',
              'TreatmentPlanApproval',
              'TreatmentPlanGap',
              'BandThreshold',
              'CommitteeDecision',
              'ConsultancyMembership',
              'ControlSuggestion',
              'AssessmentParticipant',
              'DeploymentContext',
              'DimensionAssessment',
              'EuAiActProfile',
              'HeatMapCell',
              'ImpactFinding',
              'ImpactRating',
              'Invitation',
              'Me',
              'Membership',
              'OpportunityAction',
              'OpportunityActionRow',
              'OpportunityEvaluation',
              'OpportunityRejection',
              'PageInfo',
              'TenantConversion',
              'ConversionEntityCount',
              'ConversionTiming',
              'PortfolioClient',
              'PortfolioReadiness',
              'PortfolioOverdue',
              'PortfolioOverdueCount',
              'ConsultancyTemplate',
              'TemplateContents',
              'TemplateProcedureStub',
              'RaciAssignment',
              'RaciRow',
              'ResidualRiskAcceptance',
              'RiskAcceptance',
              'RiskClosure',
              'RiskHeatMap',
              'RiskMethodology',
              'RiskScore',
              'RiskTreatment',
              'ScaleLevel',
              'SoaEntry',
              'SoaFinding',
              'SoaWaiver',
              'GovernanceGap',
              'ContextGap',
              'ContextProfile',
              'HowAddressed',
              'OrganisationAiRoleEntry',
              'PartyTypeNotRelevant',
              'ScopeApproval',
              'ScopeExclusion',
              'ScopeInScope',
              'ScopeInterface',
              'StatementOfApplicability',
              'TreatmentPlan',
              'TreatmentPlanSummary',
              'TreatmentOutcome',
              'VendorDetails',
              'ChecklistItem',
              'DocumentApproval',
              'DocumentGap',
              'DocumentStorage',
              'EntityRef',
              'AwarenessCoverage',
              'AwarenessItemCoverage',
              'CommunicationGap',
              'CommunicationTiming',
              'CompetenceGap',
              'CompetenceMatrixCell',
              'CompetenceMatrixRow',
              'CourseAssignmentRules',
              'EffectivenessEvaluation',
              'PersonAwareness',
              'TrainingCompletion',
            ],
          },
        },
      ],
      '@graphql-eslint/no-scalar-result-type-on-mutation': 'error',
      '@graphql-eslint/require-deprecation-date': 'error',
      '@graphql-eslint/require-description': ['error', { types: true, DirectiveDefinition: true }],
      'aims/require-root-field-description': [
        'error',
        { FieldDefinition: true, ignoredSelectors: ['[parent.name.value!=/^(Query|Mutation)$/]'] },
      ],
    },
  },
];
