// The organisation's position under the EU AI Act for one AI system (I7, I9,
// §3.4): operator role, Art. 5 practice, high-risk basis with the Art. 6(3)
// derogation, Art. 50 transparency duties and the GPAI axis. It lives on the
// system, so systems never assessed still show in an EU AI Act view.
import * as z from 'zod';
import { multiLine } from '../shared/validation';

export const OPERATOR_ROLES = [
  'PROVIDER',
  'DEPLOYER',
  'IMPORTER',
  'DISTRIBUTOR',
  'AUTHORISED_REPRESENTATIVE',
  'PRODUCT_MANUFACTURER',
  'NONE',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const HIGH_RISK_BASES = ['ANNEX_I', 'ANNEX_III'] as const;
export type HighRiskBasis = (typeof HIGH_RISK_BASES)[number];

/** Art. 5(1) points (a)–(h). */
export const PROHIBITED_PRACTICES = [
  'ART5_A',
  'ART5_B',
  'ART5_C',
  'ART5_D',
  'ART5_E',
  'ART5_F',
  'ART5_G',
  'ART5_H',
] as const;
export type ProhibitedPractice = (typeof PROHIBITED_PRACTICES)[number];

export const TRANSPARENCY_DUTIES = [
  'CHATBOT',
  'SYNTHETIC_CONTENT',
  'EMOTION_RECOGNITION',
  'BIOMETRIC_CATEGORISATION',
  'DEEPFAKE',
] as const;
export type TransparencyDuty = (typeof TRANSPARENCY_DUTIES)[number];

export const ANNEX_III_POINTS = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;

export interface Art63Derogation {
  claimed: boolean;
  reasoning: string;
  documentedOn: string;
}

export interface HighRiskClassification {
  basis: HighRiskBasis;
  /** '1'…'8' with ANNEX_III. */
  annexIIIPoint: string | null;
  /** The letter within the point, e.g. 'b' for 5(b). */
  subPoint: string | null;
  art63Derogation: Art63Derogation | null;
}

export interface EuAiActProfile {
  operatorRole: OperatorRole;
  prohibitedPractice: ProhibitedPractice | null;
  highRisk: HighRiskClassification | null;
  transparencyArt50: TransparencyDuty[];
  gpai: { isGpaiModel: boolean; systemicRisk: boolean };
  publicBodyOrPublicService: boolean;
  reasons: string[];
  assessedBy: string;
  assessedOn: string;
}

const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const euAiActProfileInput = z
  .object({
    operatorRole: z.enum(OPERATOR_ROLES),
    prohibitedPractice: z.enum(PROHIBITED_PRACTICES).nullish(),
    highRisk: z
      .object({
        basis: z.enum(HIGH_RISK_BASES),
        annexIIIPoint: z.enum(ANNEX_III_POINTS).nullish(),
        subPoint: z
          .string()
          .regex(/^[a-h]$/, "a letter 'a'…'h'")
          .nullish(),
        art63Derogation: z
          .object({
            claimed: z.boolean(),
            reasoning: multiLine(2000).min(20, 'at least 20 characters'),
            documentedOn: isoDate,
          })
          .nullish(),
      })
      .refine((h) => h.basis !== 'ANNEX_III' || !!h.annexIIIPoint, {
        path: ['annexIIIPoint'],
        message: 'name the Annex III point',
      })
      .refine((h) => h.basis === 'ANNEX_III' || (!h.annexIIIPoint && !h.subPoint && !h.art63Derogation), {
        path: ['basis'],
        message: 'Annex III point, sub-point and the Art. 6(3) derogation apply to an Annex III basis only',
      })
      .nullish(),
    transparencyArt50: z
      .array(z.enum(TRANSPARENCY_DUTIES))
      .refine((ds) => new Set(ds).size === ds.length, 'each duty at most once')
      .nullish(),
    gpai: z.object({ isGpaiModel: z.boolean(), systemicRisk: z.boolean() }).nullish(),
    publicBodyOrPublicService: z.boolean(),
    reasons: z.array(multiLine(500).min(3)).min(1, 'record why the profile applies').max(10),
    assessedOn: isoDate,
  })
  .refine((p) => !p.gpai?.systemicRisk || p.gpai.isGpaiModel, {
    path: ['gpai', 'systemicRisk'],
    message: 'only a general-purpose AI model can carry systemic risk',
  });

export const setEuAiActProfileInput = z.object({
  aiSystemId: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  profile: euAiActProfileInput,
});

export function toProfile(input: z.infer<typeof euAiActProfileInput>, assessedBy: string): EuAiActProfile {
  return {
    operatorRole: input.operatorRole,
    prohibitedPractice: input.prohibitedPractice ?? null,
    highRisk: input.highRisk
      ? {
          basis: input.highRisk.basis,
          annexIIIPoint: input.highRisk.annexIIIPoint ?? null,
          subPoint: input.highRisk.subPoint ?? null,
          art63Derogation: input.highRisk.art63Derogation ?? null,
        }
      : null,
    transparencyArt50: input.transparencyArt50 ?? [],
    gpai: input.gpai ?? { isGpaiModel: false, systemicRisk: false },
    publicBodyOrPublicService: input.publicBodyOrPublicService,
    reasons: input.reasons,
    assessedBy,
    assessedOn: input.assessedOn,
  };
}

/** The stored shape (read schema). */
export const euAiActProfileSchema = z.object({
  operatorRole: z.enum(OPERATOR_ROLES),
  prohibitedPractice: z.enum(PROHIBITED_PRACTICES).nullable(),
  highRisk: z
    .object({
      basis: z.enum(HIGH_RISK_BASES),
      annexIIIPoint: z.string().nullable(),
      subPoint: z.string().nullable(),
      art63Derogation: z
        .object({ claimed: z.boolean(), reasoning: z.string(), documentedOn: z.string() })
        .nullable(),
    })
    .nullable(),
  transparencyArt50: z.array(z.enum(TRANSPARENCY_DUTIES)),
  gpai: z.object({ isGpaiModel: z.boolean(), systemicRisk: z.boolean() }),
  publicBodyOrPublicService: z.boolean(),
  reasons: z.array(z.string()),
  assessedBy: z.string(),
  assessedOn: z.string(),
}) satisfies z.ZodType<EuAiActProfile>;

/** A claimed Art. 6(3) derogation takes an Annex III system out of high-risk. */
export function isHighRisk(profile: EuAiActProfile | null | undefined): boolean {
  const h = profile?.highRisk;
  return !!h && !(h.basis === 'ANNEX_III' && h.art63Derogation?.claimed);
}

/**
 * Art. 27 EU AI Act, indicative and not legal advice: a fundamental-rights
 * impact assessment falls on deployers of Annex III high-risk systems (point 2,
 * critical infrastructure, excluded) that are public bodies or provide public
 * services, and on any deployer of a 5(b) (creditworthiness) or 5(c) (life and
 * health insurance pricing) system. Providers and Annex I systems are not covered.
 */
export function friaRequired(profile: EuAiActProfile | null | undefined): boolean {
  if (!profile || !isHighRisk(profile)) return false;
  const h = profile.highRisk;
  if (profile.operatorRole !== 'DEPLOYER' || h?.basis !== 'ANNEX_III' || !h.annexIIIPoint) return false;
  if (h.annexIIIPoint === '2') return false;
  const creditOrInsurance = h.annexIIIPoint === '5' && (h.subPoint === 'b' || h.subPoint === 'c');
  return profile.publicBodyOrPublicService || creditOrInsurance;
}

/** The class a key-served EU AI Act view lists the system under. */
export const EU_AI_ACT_VIEW_CLASSES = [
  'PROHIBITED',
  'HIGH',
  'TRANSPARENCY',
  'GPAI',
  'MINIMAL',
  'UNASSESSED',
] as const;
export type EuAiActViewClass = (typeof EU_AI_ACT_VIEW_CLASSES)[number];

export function euAiActViewClass(profile: EuAiActProfile | null | undefined): EuAiActViewClass {
  if (!profile) return 'UNASSESSED';
  if (profile.prohibitedPractice) return 'PROHIBITED';
  if (isHighRisk(profile)) return 'HIGH';
  if (profile.transparencyArt50.length) return 'TRANSPARENCY';
  if (profile.gpai.isGpaiModel) return 'GPAI';
  return 'MINIMAL';
}
