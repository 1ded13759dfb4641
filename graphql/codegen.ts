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
