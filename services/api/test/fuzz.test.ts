// API contract fuzz: every query and mutation declared in schema files 03 and up
// (the modules of issues 4–12, so new ones are covered as they are added) gets
// hostile inputs derived from its argument types — wrong scalar kinds, empty and
// 10k-character strings, extreme ints, unknown ids, another tenant's ids, nulls in
// required fields, lists at and over their limits — and must answer with a known
// `extensions.code`, never INTERNAL_SERVER_ERROR, and BAD_USER_INPUT must name a
// field path. Cases are sampled with a fixed seed so a failure reproduces.
import { readdirSync, readFileSync } from 'node:fs';
import { typeDefs } from '@aims/graphql';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../test-support/harness';

// FUZZ_SEED and FUZZ_CASES widen a local run; the suite runs the fixed sample.
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 10);
const KNOWN_CODES = new Set([
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
]);

const schema = buildSchema(typeDefs);
const schemaDir = new URL('../../../graphql/schema/', import.meta.url);

/** Root fields declared in schema files numbered 03 and up, with the file that declares them. */
function fuzzedOperations(): { root: 'query' | 'mutation'; name: string; file: string }[] {
  const ops: { root: 'query' | 'mutation'; name: string; file: string }[] = [];
  for (const file of readdirSync(schemaDir).sort()) {
    if (!/^\d\d-.*\.graphql$/.test(file) || Number(file.slice(0, 2)) < 3) continue;
    for (const def of parse(readFileSync(new URL(file, schemaDir), 'utf8')).definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      if (def.name.value !== 'Query' && def.name.value !== 'Mutation') continue;
      const root = def.name.value === 'Query' ? 'query' : 'mutation';
      for (const f of def.fields ?? []) if (f.arguments?.length) ops.push({ root, name: f.name.value, file });
    }
  }
  return ops;
}

/** mulberry32: small, seeded, good enough to sample cases reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Path = (string | number)[];
interface Actor {
  user: keyof TestApi['users'];
  tenantId: string;
}
interface Pools {
  /** Ids that exist in the actor's tenant or the control plane. */
  own: string[];
  /** Ids of entities in other tenants than the actor's, by GraphQL type name. */
  foreign: Map<string, string[]>;
  /** The actor's tenant's ids by GraphQL type name, to aim `riskId` at a Risk. */
  byType: Map<string, string[]>;
}

let api: TestApi;
const pools = new Map<string, Pools>();

/** A value that fits the type; `full` fills optional fields too. */
function valid(
  type: GraphQLInputType,
  name: string,
  pick: <T>(xs: readonly T[]) => T,
  pool: Pools & { returnType: string },
  full: boolean,
  depth = 0,
): unknown {
  if (isNonNullType(type)) return valid(type.ofType, name, pick, pool, full, depth);
  if (isListType(type)) return depth > 4 ? [] : [valid(type.ofType, name, pick, pool, full, depth + 1)];
  if (isEnumType(type)) return pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) || (full && depth < 4))
        out[f.name] = valid(f.type, f.name, pick, pool, full, depth + 1);
    }
    return out;
  }
  switch (isScalarType(type) ? type.name : '') {
    case 'ID':
      return pick(idsFor(pool, name));
    case 'Int':
      return /version/i.test(name) ? 1 : pick([1, 3, 5]);
    case 'Float':
      return 0.5;
    case 'Boolean':
      return pick([true, false]);
    case 'DateTime':
      return '2027-03-01T09:00:00.000Z';
    case 'JSON':
      return { fuzz: true };
    default:
      if (/(date|On|day|period|from|to|until|start|end)$/i.test(name)) return '2027-03-01';
      if (/email/i.test(name)) return 'fuzz@example.com';
      return pick(['Fuzz text', 'A.6.2.4', 'RQ-05']);
  }
}

/** Ids whose type the name suggests: `id` the operation's own type, `fooBarId` a …FooBar. */
function idsFor(pool: Pools & { returnType: string }, name: string, from = pool.byType): string[] {
  const stem = (name === 'id' ? pool.returnType : name.replace(/Ids?$/, '')).toLowerCase();
  const typed = [...from].filter(([type]) => stem && type.toLowerCase().endsWith(stem));
  const ids = typed.flatMap(([, v]) => v);
  if (ids.length) return ids;
  return from === pool.byType ? pool.own : [...from.values()].map((v) => v[0] as string);
}

/** Hostile replacements for a value of this type. */
function hostile(
  type: GraphQLInputType,
  current: unknown,
  pool: Pools & { returnType: string },
  name: string,
): unknown[] {
  const required = isNonNullType(type);
  const t = required ? type.ofType : type;
  const out: unknown[] = [null]; // a null where it is required is the client's mistake too
  if (isListType(t)) {
    const one = Array.isArray(current) && current.length ? current[0] : 'x';
    out.push([], Array(101).fill(one), Array(1000).fill(one), [null], one);
  } else if (isInputObjectType(t)) {
    out.push({}, 'not an object', { ...(current as object), unknownField: 1 }, [current]);
  } else if (isEnumType(t)) {
    out.push('NOT_A_VALUE', 1, '');
  } else if (isScalarType(t)) {
    switch (t.name) {
      case 'ID':
        out.push(
          '',
          'x'.repeat(10_000),
          'bad id/..',
          'unknown-id-0001',
          ...idsFor(pool, name, pool.foreign).slice(0, 3),
          42,
        );
        break;
      case 'Int':
        out.push(-1, 0, 2_147_483_647, -2_147_483_648, 2_147_483_648, 'NaN', 1.5);
        break;
      case 'Float':
        out.push(-1e308, 1e308, -1, 'NaN', 'Infinity');
        break;
      case 'Boolean':
        out.push('yes', 0);
        break;
      default:
        out.push('', '   ', 'x'.repeat(10_000), 'ctl\u0000\u202e', '2027-02-30', '0000-00-00T99:99', 12, {
          a: 1,
        });
    }
  }
  return out;
}

/** Every position in a value with its input type, root first. */
function positions(
  type: GraphQLInputType,
  value: unknown,
  path: Path,
): { path: Path; type: GraphQLInputType }[] {
  const out = [{ path, type }];
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t) && Array.isArray(value) && value.length) {
    out.push(...positions(t.ofType, value[0], [...path, 0]));
  } else if (isInputObjectType(t) && value && typeof value === 'object') {
    for (const f of Object.values(t.getFields())) {
      if (f.name in (value as object)) {
        out.push(...positions(f.type, (value as Record<string, unknown>)[f.name], [...path, f.name]));
      }
    }
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1] as string] = value;
  return copy;
}

/** `__typename` and the argument-free leaf fields, so field resolvers run too. */
function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const leaves = Object.values((named as GraphQLObjectType).getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .map((f) => f.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

function documentOf(root: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a: GraphQLArgument) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${root} Fuzz(${vars}) { ${field.name}(${args}) ${selection(field)} }`;
}

interface Case {
  actor: Actor;
  variables: Record<string, unknown>;
  label: string;
}

function casesFor(field: GraphQLField<unknown, unknown>, index: number): Case[] {
  const random = prng(SEED + index);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const actors: Actor[] = [
    { user: 'alex', tenantId: api.demo.tenants.acme.id },
    { user: 'priya', tenantId: api.demo.tenants.acme.id },
    { user: 'mei', tenantId: api.demo.tenants.globex.id },
    { user: 'olu', tenantId: api.demo.tenants.brightpath.id },
  ];
  const returnType = getNamedType(field.type).name;
  const baseline = (actor: Actor, full: boolean) => {
    const pool = { ...(pools.get(actor.tenantId) as Pools), returnType };
    const vars: Record<string, unknown> = {};
    for (const a of field.args) {
      if (a.name === 'tenantId') vars[a.name] = actor.tenantId;
      else if (a.name === 'consultancyId') vars[a.name] = api.demo.consultancyId;
      else if (isNonNullType(a.type) || full) vars[a.name] = valid(a.type, a.name, pick, pool, full);
    }
    // An input's own tenantId (convertToManagedTenant) is the actor's tenant too.
    const input = vars.input as Record<string, unknown> | undefined;
    if (input && 'tenantId' in input) input.tenantId = actor.tenantId;
    return vars;
  };
  const cases: Case[] = [
    {
      actor: actors[0] as Actor,
      variables: baseline(actors[0] as Actor, false),
      label: 'required fields only',
    },
    { actor: actors[0] as Actor, variables: baseline(actors[0] as Actor, true), label: 'every field' },
  ];
  const all: Case[] = [];
  for (const actor of actors) {
    const pool = { ...(pools.get(actor.tenantId) as Pools), returnType };
    const base = baseline(actor, true);
    for (const a of field.args) {
      for (const { path, type } of positions(a.type, base[a.name], [a.name])) {
        for (const value of hostile(
          type,
          path.reduce<any>((n, k) => n?.[k], base),
          pool,
          String([...path].reverse().find((k) => typeof k === 'string')),
        )) {
          all.push({
            actor,
            variables: setAt(base, path, value),
            label: `${path.join('.')} = ${preview(value)}`,
          });
        }
      }
      if (a.name === 'tenantId') {
        const other =
          actor.tenantId === api.demo.tenants.globex.id
            ? api.demo.tenants.acme.id
            : api.demo.tenants.globex.id;
        all.push({ actor, variables: { ...base, tenantId: other }, label: 'tenantId of another tenant' });
      }
    }
  }
  while (cases.length < CASES_PER_OPERATION + 2 && all.length) {
    cases.push(all.splice(Math.floor(random() * all.length), 1)[0] as Case);
  }
  return cases;
}

function preview(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 37)}… (${s.length} chars)` : s;
}

beforeAll(async () => {
  api = await createTestApi();
  const { acme, globex, brightpath } = api.demo.tenants;
  // Real ids to aim at: whatever every listing query with no required argument but
  // the tenant returns, so ids of new modules are harvested as they are added.
  const listings = Object.values(schema.getQueryType()?.getFields() ?? {}).filter(
    (f) =>
      f.args.every((a) => !isNonNullType(a.type) || a.name === 'tenantId') &&
      f.args.some((a) => a.name === 'tenantId'),
  );
  const idSelection = (field: GraphQLField<unknown, unknown>): string | null => {
    const named = getNamedType(field.type);
    if (!isObjectType(named)) return null;
    const fields = named.getFields();
    if (fields.id) return '{ __typename id }';
    const node = fields.edges && getNamedType(fields.edges.type);
    if (node && isObjectType(node)) {
      const inner = getNamedType(node.getFields().node?.type ?? named);
      if (isObjectType(inner) && inner.getFields().id) return '{ edges { node { __typename id } } }';
    }
    return null;
  };
  const idsOf = async (tenantId: string, user: keyof TestApi['users']) => {
    const found = new Map<string, string[]>();
    for (const f of listings) {
      const sel = idSelection(f);
      if (!sel) continue;
      const first = f.args.some((a) => a.name === 'first') ? ', first: 5' : '';
      const r = await api.gql(
        `query($t: ID) { x: ${f.name}(tenantId: $t${first}) ${sel} }`,
        { t: tenantId },
        {
          as: api.users[user],
        },
      );
      const x = r.data?.x;
      for (const node of x?.edges ? x.edges.map((e: any) => e.node) : x ? [x] : []) {
        if (typeof node?.id !== 'string') continue;
        found.set(node.__typename, [...new Set([...(found.get(node.__typename) ?? []), node.id])]);
      }
    }
    return found;
  };
  const ids = {
    [acme.id]: await idsOf(acme.id, 'alex'),
    [globex.id]: await idsOf(globex.id, 'mei'),
    [brightpath.id]: await idsOf(brightpath.id, 'olu'),
  };
  const people = Object.values(api.users).map((u) => u.sub);
  for (const t of [acme.id, globex.id, brightpath.id]) {
    const foreign = new Map<string, string[]>([['User', ['user-nobody']]]);
    for (const [k, byType] of Object.entries(ids)) {
      if (k === t) continue;
      for (const [type, v] of byType) foreign.set(type, [...(foreign.get(type) ?? []), ...v]);
    }
    const own = ids[t] ?? new Map<string, string[]>();
    pools.set(t, {
      own: [...[...own.values()].flat(), ...people, 'A.6.2.4', 'RQ-05'],
      byType: new Map([...own, ['User', people]]),
      foreign,
    });
  }
});

const operations = fuzzedOperations();

describe('fuzz: the operations of schema files 03+ never answer INTERNAL_SERVER_ERROR', () => {
  it('API-contract finds the operations to fuzz in the schema', () => {
    expect(operations.length).toBeGreaterThan(100);
    for (const op of ['saveReadinessAnswers', 'convertToManagedTenant', 'portfolio', 'readinessRoadmap']) {
      expect(operations.map((o) => o.name)).toContain(op);
    }
  });

  it('FUZZ-1 createTreatmentAction with a 10,000-character controlRef → BAD_USER_INPUT at input.controlRef (was INTERNAL_SERVER_ERROR)', async () => {
    const result = await api.gql(
      'mutation($i: CreateTreatmentActionInput!) { createTreatmentAction(input: $i) { id } }',
      {
        i: {
          title: 'Long ref',
          ownerId: api.users.olu.sub,
          dueDate: '2027-03-01',
          controlRef: 'x'.repeat(10_000),
        },
      },
      { as: api.users.olu, headers: { 'x-tenant-id': api.demo.tenants.brightpath.id } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'controlRef'] }],
    });
  });

  it.each(operations.map((op, i) => [op.name, op.file, op.root, i] as const))(
    'API-contract %s (%s) answers hostile inputs with a known code and a field path',
    async (name, _file, root, index) => {
      const type = root === 'query' ? schema.getQueryType() : schema.getMutationType();
      const field = type?.getFields()[name] as GraphQLField<unknown, unknown>;
      const document = documentOf(root, field);
      const failures: string[] = [];
      for (const c of casesFor(field, index)) {
        const result = await api.gql(document, c.variables, {
          as: api.users[c.actor.user],
          headers: { 'x-tenant-id': c.actor.tenantId },
        });
        for (const error of result.errors ?? []) {
          const code = error.extensions?.code;
          const where = `${c.actor.user} ${c.label}: ${code} ${error.message}`;
          if (!KNOWN_CODES.has(code)) failures.push(where);
          else if (code === 'BAD_USER_INPUT') {
            const path = error.extensions.fieldErrors?.[0]?.path;
            if (!Array.isArray(path) || path.length === 0) failures.push(`${where} (no field path)`);
          }
        }
      }
      expect(failures).toEqual([]);
    },
  );
});
