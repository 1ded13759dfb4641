// Environment of the API Lambda, validated once at cold start.
import * as z from 'zod';

const envSchema = z
  .object({
    STAGE: z.string().min(1).default('dev'),
    CONTROL_PLANE_TABLE: z.string().min(1),
    TENANT_TABLE_PREFIX: z.string().min(1),
    POOLED_TABLE: z.string().min(1),
    JWT_ISSUER: z.url(),
    JWT_AUDIENCE: z.string().min(1),
    JWKS_URL: z.url(),
    /** Seals pagination cursors; otherwise CURSOR_SECRET_ARN names a Secrets Manager secret. */
    CURSOR_SECRET: z.string().min(32).optional(),
    /** The secret before the last rotation: cursors it sealed still open. Only with CURSOR_SECRET. */
    CURSOR_SECRET_PREVIOUS: z.string().min(32).optional(),
    CURSOR_SECRET_ARN: z.string().min(1).optional(),
    DYNAMODB_ENDPOINT: z.url().optional(),
    /** When set, tenant data is reached only through per-tenant STS sessions of this role. */
    TENANT_ACCESS_ROLE_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
      .optional(),
    AWS_REGION: z.string().min(1).default('eu-west-1'),
  })
  .refine((env) => env.CURSOR_SECRET || env.CURSOR_SECRET_ARN, {
    message: 'set CURSOR_SECRET or CURSOR_SECRET_ARN',
    path: ['CURSOR_SECRET'],
  })
  .refine((env) => !env.CURSOR_SECRET_PREVIOUS || env.CURSOR_SECRET, {
    // With CURSOR_SECRET_ARN the previous secret is the secret's AWSPREVIOUS version.
    message: 'CURSOR_SECRET_PREVIOUS goes with CURSOR_SECRET',
    path: ['CURSOR_SECRET_PREVIOUS'],
  });

export type ApiConfig = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid API configuration: ${detail}`);
  }
  return parsed.data;
}
