// Query depth and cost limits, as validation rules so an expensive query is
// refused before any resolver runs. Cost: each field costs 1, multiplied by the
// page size of every list it sits under; a `first` given as a variable counts
// as the maximum page size, since validation runs before variables are known.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@aims/core';
import {
  type ASTNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export const MAX_DEPTH = 10;
export const MAX_COST = 5_000;

interface Measure {
  depth: number;
  cost: number;
}

function measure(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
  paginated: ReadonlySet<string>,
): Measure {
  if (!selectionSet) return { depth: 0, cost: 0 };
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const child = measure(selection.selectionSet, fragments, seen, paginated);
      const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
      const pageSize = firstArg
        ? firstArg.value.kind === Kind.INT
          ? Number(firstArg.value.value)
          : MAX_PAGE_SIZE
        : paginated.has(selection.name.value)
          ? DEFAULT_PAGE_SIZE
          : 1;
      depth = Math.max(depth, child.depth + 1);
      cost += 1 + pageSize * child.cost;
    } else {
      const set =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : seen.has(selection.name.value)
            ? undefined
            : fragments[selection.name.value]?.selectionSet;
      if (selection.kind === Kind.FRAGMENT_SPREAD) seen.add(selection.name.value);
      const child = measure(set, fragments, seen, paginated);
      if (selection.kind === Kind.FRAGMENT_SPREAD) seen.delete(selection.name.value);
      depth = Math.max(depth, child.depth);
      cost += child.cost;
    }
  }
  return { depth, cost };
}

/** Names of fields that take `first`, i.e. that return a page of many. */
export function paginatedFields(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((a) => a.name === 'first')) names.add(field.name);
    }
  }
  return names;
}

export function queryLimits(
  paginated: ReadonlySet<string>,
  maxDepth = MAX_DEPTH,
  maxCost = MAX_COST,
): ValidationRule {
  return (context: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    return {
      OperationDefinition(node) {
        const { depth, cost } = measure(node.selectionSet, fragments, new Set(), paginated);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, {
              nodes: [node as ASTNode],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`query cost ${cost} exceeds the limit of ${maxCost}`, {
              nodes: [node as ASTNode],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
