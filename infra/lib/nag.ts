// cdk-nag acknowledgements with their reasons, kept next to the resources they
// concern. IDs follow cdk-nag 3: `AwsSolutions-<rule>` or, for rules with several
// findings per resource, `AwsSolutions-<rule>[<finding>]`.
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
}

/**
 * The `Resource::…` finding cdk-nag reports for an ARN: intrinsic references are
 * written `<AWS::AccountId>`, concrete values stay as they are, so the ID is right
 * with or without an account in the environment.
 */
export function resourceFinding(scope: IConstruct, arn: string): string {
  if (!Token.isUnresolved(arn)) return `Resource::${arn}`;
  return `Resource::${flatten(Stack.of(scope).resolve(arn))}`;
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    const join = v['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(flatten).join(join[0] as string);
  }
  throw new Error(`cannot name a cdk-nag finding for ${JSON.stringify(value)}`);
}
