// Query depth and cost limits, as validation rules so an expensive query is
// refused before any resolver runs. Cost: each object field costs 1 (scalar
// leaves are free: they are read off their parent), multiplied by the
// size of every list it sits under: a literal `first` clamped to 1–100 (so a
// negative one cannot cancel cost out), the maximum page size for a `first`
// given as a variable (validation runs before variables are known), and an
// estimate for pages without `first` and for plain lists.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@aims/core';
import {
  type ASTNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export const MAX_DEPTH = 10;
export const MAX_COST = 5_000;
/** Root fields of one mutation operation: each is a separate write, so a request stays a handful. */
export const MAX_ROOT_MUTATIONS = 10;

/** A request refused before execution for what it would cost; keeps its own code through Apollo. */
export class QueryTooComplexError extends GraphQLError {
  constructor(message: string, node: ASTNode) {
    super(message, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } });
  }
}

interface Measure {
  depth: number;
  cost: number;
}

function measure(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
  multipliers: ReadonlyMap<string, number>,
): Measure {
  if (!selectionSet) return { depth: 0, cost: 0 };
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const child = measure(selection.selectionSet, fragments, seen, multipliers);
      const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
      const pageSize = firstArg
        ? firstArg.value.kind === Kind.INT
          ? Math.min(MAX_PAGE_SIZE, Math.max(1, Number(firstArg.value.value)))
          : MAX_PAGE_SIZE
        : (multipliers.get(selection.name.value) ?? 1);
      depth = Math.max(depth, child.depth + 1);
      // A scalar leaf is read off its parent object: only fields that resolve objects cost.
      if (selection.selectionSet) cost += 1 + pageSize * child.cost;
    } else {
      const set =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : seen.has(selection.name.value)
            ? undefined
            : fragments[selection.name.value]?.selectionSet;
      if (selection.kind === Kind.FRAGMENT_SPREAD) seen.add(selection.name.value);
      const child = measure(set, fragments, seen, multipliers);
      if (selection.kind === Kind.FRAGMENT_SPREAD) seen.delete(selection.name.value);
      depth = Math.max(depth, child.depth);
      cost += child.cost;
    }
  }
  return { depth, cost };
}

/** Estimated size of a list without `first` (a default page, or a plain list such as SoA entries). */
export const LIST_ESTIMATE = DEFAULT_PAGE_SIZE;

/**
 * Field name → multiplier when no `first` is given: fields that take `first`
 * return a default page; other list-of-object fields count as LIST_ESTIMATE.
 * `edges` is 1: its connection already counted the page.
 */
export function fieldMultipliers(schema: GraphQLSchema): Map<string, number> {
  const multipliers = new Map<string, number>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((a) => a.name === 'first')) multipliers.set(field.name, DEFAULT_PAGE_SIZE);
      else if (
        field.name !== 'edges' &&
        isListType(getNullableType(field.type)) &&
        isObjectType(getNamedType(field.type))
      ) {
        multipliers.set(field.name, Math.max(multipliers.get(field.name) ?? 1, LIST_ESTIMATE));
      }
    }
  }
  return multipliers;
}

export function queryLimits(
  multipliers: ReadonlyMap<string, number>,
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
        const { depth, cost } = measure(node.selectionSet, fragments, new Set(), multipliers);
        if (depth > maxDepth) {
          context.reportError(
            new QueryTooComplexError(
              `query depth ${depth} exceeds the limit of ${maxDepth}`,
              node as ASTNode,
            ),
          );
        }
        if (cost > maxCost) {
          context.reportError(
            new QueryTooComplexError(`query cost ${cost} exceeds the limit of ${maxCost}`, node as ASTNode),
          );
        }
        const roots = node.operation === 'mutation' ? node.selectionSet.selections.length : 0;
        if (roots > MAX_ROOT_MUTATIONS) {
          context.reportError(
            new QueryTooComplexError(
              `${roots} mutations in one request exceed the limit of ${MAX_ROOT_MUTATIONS}`,
              node as ASTNode,
            ),
          );
        }
      },
    };
  };
}
