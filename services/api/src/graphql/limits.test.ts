import { typeDefs } from '@aims/graphql';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldMultipliers, LIST_ESTIMATE, queryLimits } from './limits';

const schema = buildSchema(typeDefs);
const multipliers = fieldMultipliers(schema);
const check = (query: string, maxDepth = 10, maxCost = 5000) =>
  validate(schema, parse(query), [queryLimits(multipliers, maxDepth, maxCost)]).map((e) => e.message);

describe('query limits', () => {
  it('knows which fields return pages or lists, and that edges do not multiply again', () => {
    for (const field of [
      'aiSystems',
      'consultancyClients',
      'history',
      'invitations',
      'members',
      'myTenants',
      'risks',
    ]) {
      expect(multipliers.get(field)).toBe(20);
    }
    for (const field of ['entries', 'treatmentActions', 'linkedRisks'])
      expect(multipliers.get(field)).toBe(LIST_ESTIMATE);
    for (const field of ['me', 'aiSystem', 'tenant', 'annexACatalogue', 'edges'])
      expect(multipliers.has(field)).toBe(false);
  });

  it('clamps literal page sizes so a negative first cannot cancel the cost of its siblings', () => {
    const costly =
      '{ risks(first: 100) { edges { node { treatmentActions { id } history(first: 100) { edges { node { id } } } } } } }';
    expect(check(costly)).toHaveLength(1);
    const padded = costly.replace(
      '{ risks',
      '{ pad: aiSystems(first: -1000000) @skip(if: true) { edges { node { id } } } risks',
    );
    expect(check(padded)[0]).toMatch(/exceeds the limit/);
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
    expect(check(variable, 10, 150)[0]).toMatch(/query cost 201 exceeds/);
  });

  it('does not loop on self-referencing fragments', () => {
    const query = '{ ...A } fragment A on Query { me { user { id } } ...A }';
    expect(() => check(query)).not.toThrow();
  });
});
