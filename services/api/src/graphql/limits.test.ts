import { typeDefs } from '@aims/graphql';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { paginatedFields, queryLimits } from './limits';

const schema = buildSchema(typeDefs);
const paginated = paginatedFields(schema);
const check = (query: string, maxDepth = 10, maxCost = 5000) =>
  validate(schema, parse(query), [queryLimits(paginated, maxDepth, maxCost)]).map((e) => e.message);

describe('query limits', () => {
  it('knows which fields return pages', () => {
    for (const field of [
      'aiSystems',
      'consultancyClients',
      'history',
      'invitations',
      'members',
      'myTenants',
      'risks',
    ]) {
      expect(paginated).toContain(field);
    }
    for (const field of ['me', 'aiSystem', 'tenant', 'annexACatalogue'])
      expect(paginated).not.toContain(field);
  });

  it('counts depth through fragments and inline fragments', () => {
    const query = `{ ...Q } fragment Q on Query { me { memberships { ... on Membership { tenant { consultancy { id } } } } } }`;
    expect(check(query, 5)).toEqual([]);
    expect(check(query, 4)).toEqual(['query depth 5 exceeds the limit of 4']);
  });

  it('multiplies cost by literal page sizes, and by the maximum for a variable', () => {
    const literal =
      '{ aiSystems(first: 10) { edges { node { history(first: 10) { edges { node { id } } } } } } }';
    const variable = 'query($n: Int) { aiSystems(first: $n) { edges { node { id } } } }';
    expect(check(literal, 10, 10_000)).toEqual([]);
    expect(check(literal, 10, 100)[0]).toMatch(/^query cost \d+ exceeds the limit of 100$/);
    expect(check(variable, 10, 250)[0]).toMatch(/query cost 301 exceeds/);
  });

  it('does not loop on self-referencing fragments', () => {
    const query = '{ ...A } fragment A on Query { me { user { id } } ...A }';
    expect(() => check(query)).not.toThrow();
  });
});
