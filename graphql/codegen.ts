import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../../services/api/src/context#RequestContext',
        mappers: {
          AiSystem: '../../packages/core/src/index#AiSystem',
          Tenant: '../../packages/core/src/index#Tenant',
          Membership: '../../packages/core/src/index#Membership',
          ChangeRecord: '../../packages/core/src/index#ChangeRecord',
          User: '../../packages/core/src/index#User',
          Invitation: '../../packages/core/src/index#Invitation',
          Consultancy: '../../packages/core/src/index#Consultancy',
          ConsultancyMembership: '../../packages/core/src/index#ConsultancyMembership',
          Risk: '../../packages/core/src/index#Risk',
          RiskMethodology: '../../packages/core/src/index#RiskMethodology',
          RiskScore: '../../packages/core/src/index#RiskScore',
          RiskTreatment: '../../packages/core/src/index#RiskTreatment',
          RiskAcceptance: '../../packages/core/src/index#RiskAcceptance',
          ImpactFinding: '../../services/api/src/graphql/views#ImpactFindingView',
          AnnexAControl: '../../packages/core/src/index#AnnexAControl',
          ControlSuggestion: '../../packages/core/src/index#ImpactControlSuggestion',
          ImpactAssessment: '../../packages/core/src/index#ImpactAssessment',
          DimensionAssessment: '../../packages/core/src/index#DimensionAssessment',
          SoaEntry: '../../services/api/src/graphql/views#SoaEntryView',
          StatementOfApplicability: '../../packages/core/src/index#StatementOfApplicability',
          ApprovedSoa: '../../packages/core/src/index#ApprovedSoa',
          SoaFinding: '../../services/api/src/graphql/views#SoaFindingView',
          TreatmentAction: '../../packages/core/src/index#TreatmentAction',
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
