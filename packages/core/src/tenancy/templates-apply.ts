// Applying a consultancy template to a new client tenant (§3.16), through the
// modules' own use cases so every rule and change record applies as if typed
// in: each item arrives as a DRAFT (the methodology as the next version above
// the default, the AI policy as a new draft document), never approved — the
// client's management approves, not a template.
import { createPolicyDocument } from '../policy/manage-policies';
import { latestMethodology, updateRiskMethodology } from '../risk/manage-methodology';
import type { StoreDeps } from '../shared/versioned';
import { createCommunicationPlanEntry } from '../support/manage-communication';
import { setCompetenceRequirement } from '../support/manage-competence';
import type { ConsultancyTemplate } from './templates-model';
import type { TenantScope } from './tenant-scope';

export interface TemplateApplied {
  methodologyVersion: number | null;
  aiPolicyId: string | null;
  communicationEntries: number;
  competenceRequirements: number;
}

/**
 * Procedure stubs are not created here: a controlled document needs an owner
 * from the organisation's own people (not a consultant), and a new tenant has
 * none yet. They stay on the template for the consultant to register later.
 */
export async function applyConsultancyTemplate(
  scope: TenantScope,
  template: ConsultancyTemplate,
  deps: StoreDeps,
): Promise<TemplateApplied> {
  const { methodology, aiPolicy, communicationPlan, competenceRequirements } = template.contents;
  let methodologyVersion: number | null = null;
  if (methodology) {
    const latest = await latestMethodology(deps.store);
    const { sourceVersion: _v, sourceStatus: _s, ...rules } = methodology;
    const draft = await updateRiskMethodology(
      scope,
      { ...rules, expectedVersion: latest?.version ?? 1 },
      deps,
    );
    methodologyVersion = draft.version;
  }
  const policy = aiPolicy
    ? await createPolicyDocument(
        scope,
        {
          kind: 'AI_POLICY',
          title: aiPolicy.title,
          sections: aiPolicy.sections,
          reviewIntervalMonths: aiPolicy.reviewIntervalMonths,
        },
        deps,
      )
    : null;
  for (const entry of communicationPlan) await createCommunicationPlanEntry(scope, entry, deps);
  for (const r of competenceRequirements) {
    await setCompetenceRequirement(
      scope,
      {
        ...(r.appointmentKind ? { appointmentKind: r.appointmentKind } : { jobRole: r.jobRole }),
        area: r.area,
        requiredLevel: r.requiredLevel,
      },
      deps,
    );
  }
  return {
    methodologyVersion,
    aiPolicyId: policy?.id ?? null,
    communicationEntries: communicationPlan.length,
    competenceRequirements: competenceRequirements.length,
  };
}
