// Environment of the job functions, validated once at cold start.
import * as z from 'zod';

const common = {
  CONTROL_PLANE_TABLE: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-west-1'),
  DYNAMODB_ENDPOINT: z.url().optional(),
};

const dispatcherSchema = z.object({ ...common, JOBS_QUEUE_URL: z.url() });

const workerSchema = z.object({
  ...common,
  EVENT_BUS_NAME: z.string().min(1),
  /** When set, tenant data is reached only through per-tenant STS sessions of this role. */
  TENANT_ACCESS_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
    .optional(),
});

export type DispatcherConfig = z.infer<typeof dispatcherSchema>;
export type WorkerConfig = z.infer<typeof workerSchema>;

function parse<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv, what: string): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid ${what} configuration: ${detail}`);
  }
  return parsed.data;
}

export const loadDispatcherConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parse(dispatcherSchema, env, 'dispatcher');
export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env) => parse(workerSchema, env, 'worker');
