// A consultancy's client templates (§3.16 "Client templates"): what onboarding
// copies from a template tenant, captured into an immutable version (v1, v2, …)
// in the control plane. Contents are the organisation-independent parts only:
// rules, skeletons and lists, never an approval, a person or another tenant's ids.

import type { AppointmentKind } from '../governance/appointment';
import type { PolicySection } from '../policy/policy';
import type { BandThreshold, ImpactAggregation, ImpactArea, ScaleLevel } from '../risk/methodology';
import type { Page, PageRequest } from '../shared/ports';
import type { CommunicationDirection, CommunicationTiming } from '../support/communication';
import type { CompetenceArea } from '../support/competence';
import type { Role } from './roles';

export interface TemplateMethodology {
  /** The source version it was taken from, and whether that version was approved there. */
  sourceVersion: number;
  sourceStatus: string;
  likelihoodScale: ScaleLevel[];
  impactScale: ScaleLevel[];
  impactAreas: ImpactArea[];
  aggregation: ImpactAggregation;
  bands: BandThreshold[];
  acceptanceThreshold: number;
  /** Categories beyond the built-in ones. */
  customCategories: string[];
}

/** The AI policy's wording, without its approval, authors, publication or register links. */
export interface TemplatePolicySkeleton {
  title: string;
  sections: PolicySection[];
  reviewIntervalMonths: number;
}

export interface TemplateCommunicationEntry {
  subject: string;
  direction: CommunicationDirection;
  audience: string;
  timing: CommunicationTiming;
  senderAppointmentKind: AppointmentKind;
  channel: string;
  linkedRequirementIds: string[];
  linkedControlRefs: string[];
}

export interface TemplateCompetenceRequirement {
  appointmentKind: AppointmentKind | null;
  jobRole: Role | null;
  area: CompetenceArea;
  requiredLevel: number;
}

/** A procedure of the template tenant's register: its identity only, no content or owner. */
export interface TemplateProcedureStub {
  docCode: string;
  title: string;
  type: 'PROCEDURE';
}

export interface TemplateContents {
  methodology: TemplateMethodology | null;
  aiPolicy: TemplatePolicySkeleton | null;
  communicationPlan: TemplateCommunicationEntry[];
  competenceRequirements: TemplateCompetenceRequirement[];
  procedureStubs: TemplateProcedureStub[];
  /**
   * Audit-universe ratings (§3.16) wait for the internal-audit module: the slot
   * is typed so a template version can carry them once audit universes exist.
   */
  auditUniverseRatings: null;
}

export interface ConsultancyTemplate {
  consultancyId: string;
  /** Stable across versions: derived from the name. */
  templateId: string;
  version: number;
  name: string;
  sourceTenantId: string;
  publishedBy: string;
  publishedAt: string;
  contents: TemplateContents;
}

/** The control-plane library of a consultancy's templates. */
export interface TemplateLibrary {
  latestTemplateVersion(consultancyId: string, templateId: string): Promise<ConsultancyTemplate | null>;
  getTemplate(
    consultancyId: string,
    templateId: string,
    version: number,
  ): Promise<ConsultancyTemplate | null>;
  /** Create-only: a version already taken is a CONFLICT. */
  createTemplateVersion(template: ConsultancyTemplate): Promise<void>;
  listTemplates(consultancyId: string, page: PageRequest): Promise<Page<ConsultancyTemplate>>;
}
