import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The schema through the package link, so the api reads @aims/graphql by name.
  schema: 'node_modules/@aims/graphql/schema/*.graphql',
  generates: {
    'src/graphql/generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../../context#RequestContext',
        mappers: {
          AiSystem: '@aims/core#AiSystem',
          Tenant: '@aims/core#Tenant',
          Membership: '@aims/core#Membership',
          ChangeRecord: '@aims/core#ChangeRecord',
          User: '@aims/core#User',
          Invitation: '@aims/core#Invitation',
          Consultancy: '@aims/core#Consultancy',
          ConsultancyMembership: '@aims/core#ConsultancyMembership',
          Risk: '@aims/core#Risk',
          RiskMethodology: '@aims/core#RiskMethodology',
          RiskScore: '@aims/core#RiskScore',
          RiskTreatment: '@aims/core#RiskTreatment',
          RiskAcceptance: '@aims/core#RiskAcceptance',
          ResidualRiskAcceptance: '@aims/core#ResidualRiskAcceptance',
          RiskClosure: '@aims/core#RiskClosure',
          TreatmentOutcome: '@aims/core#TreatmentOutcome',
          ImpactFinding: '../views#ImpactFindingView',
          AnnexAControl: '@aims/core#AnnexAControl',
          ControlSuggestion: '@aims/core#ImpactControlSuggestion',
          ImpactAssessment: '@aims/core#ImpactAssessment',
          DimensionAssessment: '@aims/core#DimensionAssessment',
          SoaEntry: '../views#SoaEntryView',
          StatementOfApplicability: '@aims/core#StatementOfApplicability',
          ApprovedSoa: '@aims/core#ApprovedSoa',
          SoaFinding: '../views#SoaFindingView',
          SoaWaiver: '../views#SoaWaiverView',
          TreatmentAction: '@aims/core#TreatmentAction',
          TreatmentPlan: '../views#TreatmentPlanView',
          ControlObjective: '@aims/core#ControlObjective',
          Appointment: '@aims/core#Appointment',
        },
        scalars: { DateTime: 'string', JSON: 'unknown' },
        mapperTypeSuffix: 'Model',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
      },
    },
  },
};
export default config;
