import * as z from 'zod';
import { type FieldError, ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import type { EuAiActProfile } from './eu-ai-act';

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

/**
 * The organisation's role(s) for a system, in the stakeholder vocabulary clause
 * 4.1 points to (ISO/IEC 22989 5.19): providers, producers (developers among
 * them), customers (users among them), partners, subjects. DEPLOYER is kept apart
 * from USER because the EU AI Act and the guide both hinge on it.
 */
export const AI_ROLES = [
  'PROVIDER',
  'PRODUCER',
  'DEVELOPER',
  'DEPLOYER',
  'CUSTOMER',
  'USER',
  'PARTNER',
  'SYSTEM_INTEGRATOR',
  'DATA_PROVIDER',
  'SUBJECT',
] as const;
export type AiRole = (typeof AI_ROLES)[number];

export interface DataDisposal {
  method: string;
  /** YYYY-MM-DD; not in the future. */
  doneOn: string;
  evidenceRef: string;
}

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
  /** V1: the organisation's role(s) for this system (4.1). */
  aiRoles: AiRole[];
  /** V1: what the system is for as deployed (A.9.4); required from stage USE. */
  intendedUse: string | null;
  /** V1: how people oversee and can override it (A.9.2). */
  humanOversight: string | null;
  /** V1: YYYY-MM-DD, the next planned review of the system. */
  nextReviewOn: string | null;
  decommissionedAt: string | null;
  decommissionReason: string | null;
  /** V3: how the system's data was disposed of at decommissioning. */
  dataDisposal: DataDisposal | null;
  /** V3: what knowledge was handed over, to whom. */
  knowledgeTransfer: string | null;
  /** I9: the organisation's EU AI Act position for the system. */
  euAiActProfile: EuAiActProfile | null;
  /** Set when the system must stop: an approved PROHIBITED assessment (I8) or an Art. 5 practice on its profile (I9). */
  stopRequested?: StopRequest | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StopRequest {
  reason: string;
  /** The assessment that asked for it; null when the system's own EU AI Act profile did. */
  assessmentId: string | null;
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
const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });
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
  aiRoles: z
    .array(z.enum(AI_ROLES))
    .min(1, "name at least one of the organisation's roles for the system")
    .max(AI_ROLES.length)
    .refine((rs) => new Set(rs).size === rs.length, 'each role at most once'),
  intendedUse: prose(2000).nullish(),
  humanOversight: prose(2000).nullish(),
  nextReviewOn: isoDate.nullish(),
};

export const registerAiSystemInput = z.object({ ...fields, aiRoles: fields.aiRoles.nullish() });

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
  aiRoles: fields.aiRoles.optional(),
  intendedUse: fields.intendedUse,
  humanOversight: fields.humanOversight,
  nextReviewOn: fields.nextReviewOn,
});

export const decommissionAiSystemInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  reason: prose(2000),
  dataDisposal: z.object({ method: prose(1000), doneOn: isoDate, evidenceRef: text(300) }),
  knowledgeTransfer: prose(2000),
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

type UseReadiness = Pick<AiSystem, 'lifecycleStage' | 'intendedUse' | 'ownerId' | 'aiRoles'>;

/** V1/V2: what a system in USE still lacks (an owner, an intended use, the organisation's role). */
export function missingForUse(system: UseReadiness): FieldError[] {
  if (system.lifecycleStage !== 'USE') return [];
  const errors: FieldError[] = [];
  if (!system.ownerId)
    errors.push({ path: ['input', 'ownerId'], message: 'an AI system in USE needs an accountable owner' });
  if (!system.intendedUse)
    errors.push({ path: ['input', 'intendedUse'], message: 'is required once the system is in USE' });
  if (!system.aiRoles.length)
    errors.push({
      path: ['input', 'aiRoles'],
      message: "name at least one of the organisation's roles for a system in USE",
    });
  return errors;
}

export function assertReadyForUse(system: UseReadiness): void {
  const errors = missingForUse(system);
  if (errors.length) throw new ValidationError(errors);
}

/** The member's role in the tenant, or null when not a member. */
export type OwnerRoleLookup = (userId: string) => Promise<string | null>;

/** V2/V5: the owner is a member of the tenant and one of its own people, never the external consultant. */
export async function assertOwnerIsMember(
  ownerId: string | null,
  memberRole: OwnerRoleLookup,
): Promise<void> {
  if (!ownerId) return;
  const role = await memberRole(ownerId);
  if (!role) {
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
  }
  if (role === 'CONSULTANT' || role === 'PARTNER_ADMIN') {
    throw new ValidationError([
      {
        path: ['input', 'ownerId'],
        message: 'an AI system owner is an internal accountability: the consultant cannot own a system',
      },
    ]);
  }
}

/** The snapshot kept in change records: the entity without storage bookkeeping. */
export function snapshot(system: AiSystem): Omit<AiSystem, 'tenantId'> {
  const { tenantId: _tenantId, ...rest } = system;
  return rest;
}
