import * as z from 'zod';
import { type FieldError, ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';

export const LIFECYCLE_STAGES = ['DEVELOPMENT', 'DEPLOYMENT', 'USE', 'DECOMMISSIONED'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const PROVENANCES = [
  'INTERNAL',
  'THIRD_PARTY_API',
  'EMBEDDED_IN_SAAS',
  'PRETRAINED_MODEL',
  'OUTSOURCED',
] as const;
export type Provenance = (typeof PROVENANCES)[number];

export interface VendorDetails {
  name: string;
  modelOrService: string | null;
  contractReference: string | null;
  dpaReference: string | null;
}

export interface AiSystem {
  id: string;
  tenantId: string;
  name: string;
  purpose: string;
  description: string | null;
  dataProcessed: string[];
  decisionsInfluenced: string[];
  affectedStakeholders: string[];
  businessProcess: string | null;
  lifecycleStage: LifecycleStage;
  ownerId: string | null;
  provenance: Provenance;
  vendor: VendorDetails | null;
  decommissionedAt: string | null;
  decommissionReason: string | null;
  /** Set when an approved impact assessment classes the system PROHIBITED (Art. 5): stop using it. */
  stopRequested?: StopRequest | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StopRequest {
  reason: string;
  assessmentId: string;
  requestedBy: string;
  requestedAt: string;
}

export interface AiSystemFilter {
  lifecycleStage?: LifecycleStage | null;
  provenance?: Provenance | null;
}

/** Answers whether a user may be named owner: they must belong to the tenant. */
export type MemberCheck = (userId: string) => Promise<boolean>;

const text = (max: number) => singleLine(max).min(1, 'must not be empty');
const optionalText = (max: number) => text(max).nullish();
const prose = (max: number) => multiLine(max).min(1, 'must not be empty');
const list = z.array(text(200)).max(50, 'at most 50 entries');

const vendorSchema = z.object({
  name: text(200),
  modelOrService: optionalText(200),
  contractReference: optionalText(200),
  dpaReference: optionalText(200),
});

const activeStage = z.enum(['DEVELOPMENT', 'DEPLOYMENT', 'USE'], {
  message: 'must be DEVELOPMENT, DEPLOYMENT or USE (use decommissionAiSystem to decommission)',
});

const fields = {
  name: text(200),
  purpose: prose(2000),
  description: prose(4000).nullish(),
  dataProcessed: list.nullish(),
  decisionsInfluenced: list.nullish(),
  affectedStakeholders: list.nullish(),
  businessProcess: optionalText(500),
  lifecycleStage: activeStage,
  ownerId: z.string().min(1).nullish(),
  provenance: z.enum(PROVENANCES),
  vendor: vendorSchema.nullish(),
};

export const registerAiSystemInput = z.object(fields);

export const updateAiSystemInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  name: fields.name.optional(),
  purpose: fields.purpose.optional(),
  description: fields.description,
  dataProcessed: fields.dataProcessed,
  decisionsInfluenced: fields.decisionsInfluenced,
  affectedStakeholders: fields.affectedStakeholders,
  businessProcess: fields.businessProcess,
  lifecycleStage: activeStage.optional(),
  ownerId: fields.ownerId,
  provenance: fields.provenance.optional(),
  vendor: fields.vendor,
});

export const decommissionAiSystemInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  reason: prose(2000),
});

export function normaliseVendor(
  vendor: z.infer<typeof vendorSchema> | null | undefined,
): VendorDetails | null {
  if (!vendor) return null;
  return {
    name: vendor.name,
    modelOrService: vendor.modelOrService ?? null,
    contractReference: vendor.contractReference ?? null,
    dpaReference: vendor.dpaReference ?? null,
  };
}

/** Third-party AI must name its supplier; internal AI must not claim one. */
export function assertProvenanceConsistent(system: Pick<AiSystem, 'provenance' | 'vendor'>): void {
  const errors: FieldError[] = [];
  if (system.provenance !== 'INTERNAL' && !system.vendor) {
    errors.push({
      path: ['input', 'vendor'],
      message: `vendor details are required for ${system.provenance} provenance`,
    });
  }
  if (system.provenance === 'INTERNAL' && system.vendor) {
    errors.push({ path: ['input', 'vendor'], message: 'must be empty for INTERNAL provenance' });
  }
  if (errors.length) throw new ValidationError(errors);
}

export async function assertOwnerIsMember(ownerId: string | null, isMember: MemberCheck): Promise<void> {
  if (ownerId && !(await isMember(ownerId))) {
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
  }
}

/** The snapshot kept in change records: the entity without storage bookkeeping. */
export function snapshot(system: AiSystem): Omit<AiSystem, 'tenantId'> {
  const { tenantId: _tenantId, ...rest } = system;
  return rest;
}
