// Artefacts the product already holds, registered as documented information
// without being copied (§3.6.4 "auto-registered"): each source reads its
// module's heads or latest approved versions with bounded key-served queries
// and reports them as system records, computed on every read. Their approvals
// are the register's approvals. A module that adds an artefact (audit
// reports, review minutes, NC log) writes one SystemRecordSource beside its
// code (see context/scope-record-source.ts) and adds it to SYSTEM_RECORD_SOURCES.
import { scopeSource } from '../context/scope-record-source';
import { ImpactAssessments } from '../impact/model';
import { AiSystems } from '../inventory/model';
import { objectivesSource } from '../objectives/objective-record-source';
import {
  riskAndOpportunityActionsSource,
  treatmentPlanSource,
  treatmentResultsSource,
} from '../plan/plan-record-sources';
import { aiPolicySource, topicPolicySource } from '../policy/policy-record-sources';
import { approvedMethodology, latestMethodology } from '../risk/manage-methodology';
import { Risks } from '../risk/model';
import type { TenantStore } from '../shared/store';
import { ApprovedSoaHeads, SoaHeads } from '../soa/model';
import type { SoaHead } from '../soa/statement-of-applicability';
import { competenceSource } from '../support/competence-record-source';
import { recordOf, type SystemRecord, type SystemRecordSource } from './system-record';

export * from './system-record';
export {
  aiPolicySource,
  competenceSource,
  objectivesSource,
  riskAndOpportunityActionsSource,
  scopeSource,
  topicPolicySource,
  treatmentPlanSource,
  treatmentResultsSource,
};

/** D-05: the methodology in force and a draft pending approval. */
export const riskMethodologySource: SystemRecordSource = {
  id: 'risk-methodology',
  mandatoryRef: 'D-05',
  title: 'AI risk methodology and criteria',
  type: 'METHODOLOGY',
  async records(store) {
    const [latest, approved] = await Promise.all([latestMethodology(store), approvedMethodology(store)]);
    const shown = [approved, latest?.status === 'DRAFT' ? latest : null].filter((m) => m !== null);
    return shown.map((m) =>
      recordOf(this, {
        title: `${this.title}, version ${m.version}`,
        status: m.status === 'APPROVED' ? 'APPROVED' : m.status === 'DRAFT' ? 'DRAFT' : 'OBSOLETE',
        revision: String(m.version),
        approvedBy: m.approvedBy,
        approvedAt: m.approvedAt,
        nextReviewOn: null,
        entityRef: { entityType: 'RiskMethodology', entityId: String(m.version) },
        updatedAt: m.approvedAt ?? m.createdAt,
      }),
    );
  },
};

/** D-13: the risk register, a record once it holds a risk (its history is in the change records). */
export const riskRegisterSource: SystemRecordSource = {
  id: 'risk-register',
  mandatoryRef: 'D-13',
  title: 'AI risk register (results of AI risk assessments)',
  type: 'REGISTER',
  async records(store) {
    const [first, changedAt] = await Promise.all([
      store.query(Risks, 'register', {}, { limit: 1 }),
      store.lastChangeAt('Risk'),
    ]);
    if (!first.entries.length) return [];
    return [
      recordOf(this, {
        title: this.title,
        status: 'RECORDED',
        revision: null,
        approvedBy: null,
        approvedAt: null,
        nextReviewOn: null,
        entityRef: { entityType: 'Risk', entityId: 'register' },
        updatedAt: changedAt,
      }),
    ];
  },
};

/** How many of the newest impact assessments the register shows (results of 8.4). */
export const IMPACT_RECORDS_SHOWN = 50;

/** D-15: impact assessment revisions, newest first, with their approval and reassessment date. */
export const impactAssessmentSource: SystemRecordSource = {
  id: 'impact-assessment',
  mandatoryRef: 'D-15',
  title: 'AI system impact assessment',
  type: 'ASSESSMENT',
  async records(store) {
    const page = await store.query(
      ImpactAssessments,
      'byTenant',
      {},
      { limit: IMPACT_RECORDS_SHOWN },
      { descending: true },
    );
    const assessments = page.entries.map((e) => e.item);
    const systemIds = [...new Set(assessments.map((a) => a.aiSystemId))];
    const systems = systemIds.length
      ? await store.getMany(
          AiSystems,
          systemIds.map((id) => ({ id })),
        )
      : [];
    const names = new Map(systemIds.map((id, i) => [id, systems[i]?.name ?? id]));
    return assessments.map((a) =>
      recordOf(this, {
        title: `${this.title}: ${names.get(a.aiSystemId)}, revision ${a.revision}`,
        status: a.status === 'SUPERSEDED' ? 'OBSOLETE' : a.status,
        revision: String(a.revision),
        approvedBy: a.approvedBy,
        approvedAt: a.approvedAt,
        nextReviewOn: a.status === 'APPROVED' ? a.nextReassessmentOn : null,
        entityRef: { entityType: 'ImpactAssessment', entityId: a.id },
        updatedAt: a.updatedAt,
      }),
    );
  },
};

/** D-07: the latest approved SoA; before the first approval, the working SoA as a draft. */
export const soaSource: SystemRecordSource = {
  id: 'soa',
  mandatoryRef: 'D-07',
  title: 'Statement of Applicability',
  type: 'SOA',
  async records(store) {
    const head = (await store.get(SoaHeads, {})) as SoaHead | null;
    if (!head) return [];
    const approved = head.approvedVersion
      ? await store.get(ApprovedSoaHeads, { number: head.approvedVersion })
      : null;
    if (approved) {
      return [
        recordOf(this, {
          title: `${this.title}, approved version ${approved.number}`,
          status: 'APPROVED',
          revision: String(approved.number),
          approvedBy: approved.approvedBy,
          approvedAt: approved.approvedAt,
          nextReviewOn: null,
          entityRef: { entityType: 'ApprovedSoa', entityId: String(approved.number) },
          updatedAt: approved.approvedAt,
        }),
      ];
    }
    if (!head.version) return [];
    return [
      recordOf(this, {
        title: `${this.title} (working, not yet approved)`,
        status: 'DRAFT',
        revision: null,
        approvedBy: null,
        approvedAt: null,
        nextReviewOn: null,
        entityRef: { entityType: 'SoaEntry', entityId: 'working' },
        updatedAt: head.updatedAt || null,
      }),
    ];
  },
};

/** Every source the register reads; a module adds its own here (one line). */
export const SYSTEM_RECORD_SOURCES: readonly SystemRecordSource[] = [
  riskMethodologySource,
  riskRegisterSource,
  impactAssessmentSource,
  soaSource,
  treatmentPlanSource,
  scopeSource,
  aiPolicySource,
  objectivesSource,
  riskAndOpportunityActionsSource,
  competenceSource,
  treatmentResultsSource,
  topicPolicySource,
];

/** Every source's records, read in parallel, in source order. */
export async function readSystemRecords(
  store: TenantStore,
  sources: readonly SystemRecordSource[] = SYSTEM_RECORD_SOURCES,
): Promise<SystemRecord[]> {
  return (await Promise.all(sources.map((s) => s.records(store)))).flat();
}
