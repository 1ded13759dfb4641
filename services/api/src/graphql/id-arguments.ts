// Every ID the schema accepts — arguments and input fields, at any depth — is
// checked before a resolver reads anything: DynamoDB refuses keys over 2 KB,
// and an id is never free text. One rule for the whole schema, so a new field
// cannot forget it.
import { ValidationError } from '@aims/core';
import {
  type GraphQLArgument,
  GraphQLID,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
} from 'graphql';

export const MAX_ID_LENGTH = 128;
/** UUIDs, `user-…`, control refs (`A.6.2.4`, `ISO27001:A.8.28`), emails as ids: no spaces, no controls. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/;

export function idProblem(value: string): string | null {
  if (value.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (!ID_PATTERN.test(value)) return 'must be letters, digits and . _ : @ + - only';
  return null;
}

type Problem = { path: (string | number)[]; message: string };

function check(type: GraphQLInputType, value: unknown, path: (string | number)[], out: Problem[]) {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) check(nullable.ofType, v, [...path, i], out);
    }
    return;
  }
  if (nullable === GraphQLID && typeof value === 'string') {
    const problem = idProblem(value);
    if (problem) out.push({ path, message: problem });
    return;
  }
  if (isInputObjectType(nullable) && typeof value === 'object') {
    for (const field of Object.values(nullable.getFields())) {
      check(field.type, (value as Record<string, unknown>)[field.name], [...path, field.name], out);
    }
  }
}

function carriesIds(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named === GraphQLID) return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => carriesIds(f.type, seen));
}

/** Wraps the resolver of every field whose arguments carry IDs. */
export function validateIdArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args: readonly GraphQLArgument[] = field.args.filter((a) => carriesIds(a.type));
      if (!args.length) continue;
      const resolve = field.resolve;
      field.resolve = (source, values, context, info) => {
        const problems: Problem[] = [];
        for (const arg of args) check(arg.type, values[arg.name], [arg.name], problems);
        if (problems.length) throw new ValidationError(problems);
        return resolve
          ? resolve(source, values, context, info)
          : (source as Record<string, unknown>)?.[field.name];
      };
    }
  }
}
