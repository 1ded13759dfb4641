// Publishing a consultancy template (§3.16): the staff capture, from a client
// tenant their consultancy manages, its organisation-independent set-up into
// the next immutable version of a named template. Approvals, people and ids
// of the source tenant stay behind: a template can never approve anything.
import * as z from 'zod';
import { ControlledDocuments } from '../documents/model';
import { PolicyDocuments } from '../policy/model';
import { latestMethodology } from '../risk/manage-methodology';
import { BUILT_IN_RISK_CATEGORIES } from '../risk/methodology';
import { ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Clock } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput, singleLine } from '../shared/validation';
import { CommunicationPlanEntries, CompetenceRequirements } from '../support/model';
import type { Actor, ControlPlaneRepository, Tenant } from './model';
import { assertConsultancyCan } from './roles';
import type { ConsultancyTemplate, TemplateContents, TemplateLibrary } from './templates-model';

/** Far more than a plan or a register of procedures holds; a template stays well inside one item. */
export const MAX_TEMPLATE_LIST = 200;

export interface TemplateDeps {
  controlPlane: ControlPlaneRepository;
  templates: TemplateLibrary;
  /** The store of a tenant the caller's consultancy manages (read only here). */
  tenantStore: (tenant: Tenant) => Promise<TenantStore>;
  cursors: CursorCodec;
  clock: Clock;
}

export const publishConsultancyTemplateInput = z.object({
  consultancyId: z.string().trim().min(1),
  name: singleLine(120).min(2, 'at least 2 characters'),
  sourceTenantId: z.string().trim().min(1),
});

/** Stable across versions: the name in lower case, words joined by dashes. */
export function templateIdOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export async function publishConsultancyTemplate(
  actor: Actor,
  rawInput: unknown,
  deps: TemplateDeps,
): Promise<ConsultancyTemplate> {
  const input = parseInput(publishConsultancyTemplateInput, rawInput, ['input']);
  const staff = await deps.controlPlane.getConsultancyMembership(actor.userId, input.consultancyId);
  assertConsultancyCan(staff?.role, 'consultancy.manageTemplates');
  const templateId = templateIdOf(input.name);
  if (!templateId) {
    throw new ValidationError([{ path: ['input', 'name'], message: 'needs at least one letter or digit' }]);
  }
  const source = await deps.controlPlane.getTenant(input.sourceTenantId);
  // Same answer whether the tenant is absent or another consultancy's: nothing leaks.
  if (source?.consultancyId !== input.consultancyId || source.status !== 'ACTIVE') {
    throw new ValidationError([
      { path: ['input', 'sourceTenantId'], message: 'is not an active client of this consultancy' },
    ]);
  }
  const [contents, latest] = await Promise.all([
    captureTemplateContents(await deps.tenantStore(source)),
    deps.templates.latestTemplateVersion(input.consultancyId, templateId),
  ]);
  const template: ConsultancyTemplate = {
    consultancyId: input.consultancyId,
    templateId,
    version: (latest?.version ?? 0) + 1,
    name: input.name,
    sourceTenantId: source.id,
    publishedBy: actor.userId,
    publishedAt: deps.clock.now().toISOString(),
    contents,
  };
  await deps.templates.createTemplateVersion(template);
  return template;
}

/** What a template carries of a tenant, read straight from its store. */
export async function captureTemplateContents(store: TenantStore): Promise<TemplateContents> {
  const [methodology, policies, entries, requirements, procedures] = await Promise.all([
    latestMethodology(store),
    store.query(PolicyDocuments, 'register', {}, { limit: 1 }, { sortPrefix: 'AI_POLICY#' }),
    readAll(store, CommunicationPlanEntries, 'all', {}),
    readAll(store, CompetenceRequirements, 'all', {}),
    readAll(store, ControlledDocuments, 'byType', { type: 'PROCEDURE' }),
  ]);
  const policy = policies.entries[0]?.item ?? null;
  const builtIn = new Set<string>(BUILT_IN_RISK_CATEGORIES);
  return {
    methodology: methodology && {
      sourceVersion: methodology.version,
      sourceStatus: methodology.status,
      likelihoodScale: methodology.likelihoodScale,
      impactScale: methodology.impactScale,
      impactAreas: methodology.impactAreas,
      aggregation: methodology.aggregation,
      bands: methodology.bands,
      acceptanceThreshold: methodology.acceptanceThreshold,
      customCategories: methodology.categories.filter((c) => !builtIn.has(c)),
    },
    // The latest version's wording only: its approval, authors and register links stay behind.
    aiPolicy: policy && {
      title: policy.title,
      sections: policy.sections,
      reviewIntervalMonths: policy.reviewIntervalMonths,
    },
    // Interested parties are the source tenant's own records: the audience words carry over.
    communicationPlan: entries
      .filter((e) => !e.retired)
      .slice(0, MAX_TEMPLATE_LIST)
      .map((e) => ({
        subject: e.subject,
        direction: e.direction,
        audience: e.audience,
        timing: e.timing,
        senderAppointmentKind: e.senderAppointmentKind,
        channel: e.channel,
        linkedRequirementIds: e.linkedRequirementIds,
        linkedControlRefs: e.linkedControlRefs,
      })),
    competenceRequirements: requirements
      .filter((r) => !r.retired)
      .slice(0, MAX_TEMPLATE_LIST)
      .map((r) => ({
        appointmentKind: r.appointmentKind,
        jobRole: r.jobRole,
        area: r.area,
        requiredLevel: r.requiredLevel,
      })),
    procedureStubs: procedures
      .filter((d) => d.status !== 'OBSOLETE')
      .slice(0, MAX_TEMPLATE_LIST)
      .map((d) => ({ docCode: d.docCode, title: d.title, type: 'PROCEDURE' as const })),
    auditUniverseRatings: null,
  };
}

/** The consultancy's library: every version of every template, by template then version. */
export async function listConsultancyTemplates(
  actor: Actor,
  consultancyId: string,
  args: ConnectionArgs,
  deps: Pick<TemplateDeps, 'controlPlane' | 'templates' | 'cursors'>,
): Promise<Connection<ConsultancyTemplate>> {
  const staff = await deps.controlPlane.getConsultancyMembership(actor.userId, consultancyId);
  assertConsultancyCan(staff?.role, 'consultancy.manageTemplates');
  return pagedConnection(`consultancy:${consultancyId}`, 'templates', args, deps.cursors, (page) =>
    deps.templates.listTemplates(consultancyId, page),
  );
}
