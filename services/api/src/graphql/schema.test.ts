import { typeDefs } from '@aims/graphql';
import { typeDefsAst } from '@aims/graphql/ast';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, GraphQLSchema, parse, printSchema, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers, schema } from './server';

// The served schema is built from the pre-parsed SDL with assumeValidSDL/assumeValid
// to keep the cold start short; these checks are the parsing and validation it skips.
describe('served schema (the cold start builds it without validation)', () => {
  it('the SDL passes every graphql-js SDL rule and the schema is valid', () => {
    const checked = buildASTSchema(parse(typeDefs));
    expect(validateSchema(checked).map((e) => e.message)).toEqual([]);
  });

  it('the pre-parsed document the Lambda loads is the parsed SDL', () => {
    expect(typeDefsAst).toEqual(parse(typeDefs, { noLocation: true }));
  });

  it('the served schema, resolvers attached, is valid and the same as one built with validation', () => {
    expect(validateSchema(new GraphQLSchema(schema.toConfig())).map((e) => e.message)).toEqual([]);
    const validated = addResolversToSchema({ schema: buildASTSchema(parse(typeDefs)), resolvers });
    expect(printSchema(schema)).toBe(printSchema(validated));
  });
});
