import { beforeEach, describe, expect, it } from 'vitest';
import { FULL_SECTIONS } from '../policy/fixtures.test-support';
import { createPolicyDocument } from '../policy/manage-policies';
import { PolicyDocuments } from '../policy/model';
import { approvedMethodology, latestMethodology, seedDefaultMethodology } from '../risk/manage-methodology';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { readAll } from '../shared/read-all';
import { put } from '../shared/store';
import { adoptCommunicationPlanTemplate } from '../support/manage-communication';
import { adoptDefaultCompetenceRequirements } from '../support/manage-competence';
import { CommunicationPlanEntries, CompetenceRequirements } from '../support/model';
import { InMemoryTemplateLibrary } from './in-memory-templates';
import type { Actor, ControlPlaneRepository, Tenant } from './model';
import { listConsultancyTemplates, publishConsultancyTemplate, type TemplateDeps } from './templates';
import { applyConsultancyTemplate } from './templates-apply';

const now = new Date('2026-11-20T09:00:00.000Z');
const clock = { now: () => now };
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const actor = (userId: string): Actor => ({
  userId,
  email: `${userId}@x.example`,
  emailVerified: true,
  displayName: userId,
});
const tenant = (id: string, consultancyId: string | null): Tenant => ({
  id,
  name: id,
  tier: 'MANAGED',
  status: 'ACTIVE',
  consultancyId,
  tableName: id,
  createdAt: '2026-11-01T00:00:00.000Z',
  version: 1,
});

let table: InMemoryTable;
let n: number;
const ids = { next: () => `id-${++n}` };
const source = tenant('t-source', 'c1');
const tenants = [source, tenant('t-solo', null), tenant('t-other', 'c2')];
let deps: TemplateDeps;
let library: InMemoryTemplateLibrary;

beforeEach(async () => {
  table = new InMemoryTable();
  n = 0;
  library = new InMemoryTemplateLibrary();
  deps = {
    controlPlane: {
      getConsultancyMembership: async (userId: string, consultancyId: string) =>
        userId === 'consultant' && consultancyId === 'c1'
          ? { userId, consultancyId, role: 'CONSULTANT' as const }
          : null,
      getTenant: async (id: string) => tenants.find((t) => t.id === id) ?? null,
    } as unknown as ControlPlaneRepository,
    templates: library,
    tenantStore: async (t) => new InMemoryTenantStore(t.id, table),
    cursors,
    clock,
  };
  // The template tenant: an approved methodology, an APPROVED AI policy, the guide's plan and competences.
  const store = new InMemoryTenantStore(source.id, table);
  const manager = { tenantId: source.id, actorId: 'u-manager', role: 'AIMS_MANAGER' as const };
  const base = { store, clock, ids };
  await seedDefaultMethodology(source.id, 'u-manager', base);
  const policy = await createPolicyDocument(
    manager,
    { kind: 'AI_POLICY', title: 'Our AI policy', sections: FULL_SECTIONS },
    base,
  );
  await store.commit([
    put(
      PolicyDocuments,
      {
        ...policy,
        status: 'APPROVED',
        approval: {
          by: 'u-ceo',
          role: 'TOP_MANAGEMENT',
          at: now.toISOString(),
          comment: null,
          appropriateToPurposeAttested: true,
        },
      },
      'any',
    ),
  ]);
  await adoptCommunicationPlanTemplate(manager, {}, base);
  await adoptDefaultCompetenceRequirements(manager, {}, base);
});

const publish = (who = 'consultant', sourceTenantId = source.id) =>
  publishConsultancyTemplate(
    actor(who),
    { consultancyId: 'c1', name: 'Clinic starter', sourceTenantId },
    deps,
  );

describe('consultancy templates (§3.16 client templates)', () => {
  it('§3.16 publishing captures wording and rules into immutable versions v1, v2 — never an approval', async () => {
    const v1 = await publish();
    const v2 = await publish();
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1.templateId).toBe('clinic-starter');
    expect(v1.contents.aiPolicy).toEqual({
      title: 'Our AI policy',
      sections: FULL_SECTIONS,
      reviewIntervalMonths: 12,
    });
    expect(v1.contents.methodology).toMatchObject({ sourceVersion: 1, sourceStatus: 'APPROVED' });
    expect(v1.contents.methodology).not.toHaveProperty('approvedBy');
    expect(v1.contents.communicationPlan.length).toBe(6);
    expect(v1.contents.competenceRequirements.length).toBeGreaterThan(10);
    expect(v1.contents.auditUniverseRatings).toBeNull();
    const listed = await listConsultancyTemplates(actor('consultant'), 'c1', {}, deps);
    expect(listed.edges.map((e) => e.node.version)).toEqual([1, 2]);
  });

  it('§3.16 applying a template writes drafts only: the methodology as the next DRAFT version, the AI policy as a DRAFT without approval', async () => {
    const template = await publish();
    const target = new InMemoryTenantStore('t-new', table);
    const base = { store: target, clock, ids };
    await seedDefaultMethodology('t-new', 'consultant', base);
    const applied = await applyConsultancyTemplate(
      { tenantId: 't-new', actorId: 'consultant', role: 'CONSULTANT' },
      template,
      base,
    );
    expect(applied.methodologyVersion).toBe(2);
    expect(await latestMethodology(target)).toMatchObject({ version: 2, status: 'DRAFT', approvedBy: null });
    expect((await approvedMethodology(target))?.version).toBe(1);
    const policies = await readAll(target, PolicyDocuments, 'register', {});
    expect(policies.map((p) => [p.status, p.approval, p.authorIds])).toEqual([
      ['DRAFT', null, ['consultant']],
    ]);
    expect((await readAll(target, CommunicationPlanEntries, 'all', {})).length).toBe(6);
    expect((await readAll(target, CompetenceRequirements, 'all', {})).length).toBe(
      template.contents.competenceRequirements.length,
    );
  });

  it('§3.16 only the consultancy staff publish or list templates', async () => {
    await expect(publish('alex')).rejects.toThrow(ForbiddenError);
    await expect(listConsultancyTemplates(actor('alex'), 'c1', {}, deps)).rejects.toThrow(ForbiddenError);
  });

  it('§3.16 the source must be an active client of the consultancy → BAD_USER_INPUT at input.sourceTenantId', async () => {
    for (const id of ['t-solo', 't-other', 'missing']) {
      await expect(publish('consultant', id)).rejects.toMatchObject({
        fieldErrors: [
          { path: ['input', 'sourceTenantId'], message: 'is not an active client of this consultancy' },
        ],
      });
    }
    await expect(
      publishConsultancyTemplate(
        actor('consultant'),
        { consultancyId: 'c1', name: '!!', sourceTenantId: source.id },
        deps,
      ),
    ).rejects.toThrow(ValidationError);
    expect(library.templates).toEqual([]);
  });
});
