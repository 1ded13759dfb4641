// The treatment plan's records in the document register (§3.6.4): D-08 the
// plan with its own approval, D-04 the actions on risks and
// opportunities (6.1.1), D-14 the results of treatments (8.3). Heads and
// single pages only.
import { recordOf, type SystemRecord, type SystemRecordSource } from '../documents/system-record';
import { AiOpportunities } from '../opportunity/model';
import { planState } from './approve-treatment-plan';
import { ApprovedTreatmentPlans, TreatmentActions, TreatmentPlanHeads } from './model';

const newest = (...ats: (string | null)[]) =>
  ats.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/**
 * D-08: the working plan is APPROVED while nothing changed since its latest
 * approval, with that approval; edited since, it is a DRAFT and the approved
 * version it departs from is shown as superseded.
 */
export const treatmentPlanSource: SystemRecordSource = {
  id: 'treatment-plan',
  mandatoryRef: 'D-08',
  title: 'AI risk treatment plan',
  type: 'PLAN',
  async records(store) {
    const head = await store.get(TreatmentPlanHeads, {});
    const state = planState(head);
    const approved = state.approvedNumber
      ? await store.get(ApprovedTreatmentPlans, { number: state.approvedNumber })
      : null;
    const out: SystemRecord[] = [];
    if (approved) {
      const current = state.status === 'APPROVED';
      out.push(
        recordOf(this, {
          title: `${this.title}, version ${approved.number}`,
          status: current ? 'APPROVED' : 'OBSOLETE',
          revision: String(approved.number),
          approvedBy: approved.approval.by,
          approvedAt: approved.approval.at,
          nextReviewOn: null,
          entityRef: { entityType: 'ApprovedTreatmentPlan', entityId: `plan-v${approved.number}` },
          updatedAt: current ? head?.updatedAt || approved.approval.at : approved.approval.at,
        }),
      );
    }
    if (state.status === 'DRAFT' && state.version > 0) {
      out.push(
        recordOf(this, {
          title: `${this.title}, version ${state.number} (not yet approved)`,
          status: 'DRAFT',
          revision: String(state.number),
          approvedBy: null,
          approvedAt: null,
          nextReviewOn: null,
          entityRef: { entityType: 'TreatmentPlan', entityId: 'working' },
          updatedAt: head?.updatedAt || null,
        }),
      );
    }
    return out;
  },
};

/** D-04: risk treatments and opportunity actions, a retained record once either exists. */
export const riskAndOpportunityActionsSource: SystemRecordSource = {
  id: 'risk-opportunity-actions',
  mandatoryRef: 'D-04',
  title: 'Actions to address AI risks and opportunities',
  type: 'RECORD',
  async records(store) {
    const [treatments, opportunities, treatedAt, opportunityAt] = await Promise.all([
      store.query(TreatmentActions, 'plan', {}, { limit: 1 }),
      store.query(AiOpportunities, 'actions', {}, { limit: 1 }),
      store.lastChangeAt('TreatmentAction'),
      store.lastChangeAt('AiOpportunity'),
    ]);
    if (!treatments.entries.length && !opportunities.entries.length) return [];
    return [
      recordOf(this, {
        title: this.title,
        status: 'RECORDED',
        revision: null,
        approvedBy: null,
        approvedAt: null,
        nextReviewOn: null,
        entityRef: { entityType: 'TreatmentAction', entityId: 'actions' },
        updatedAt: newest(treatedAt, opportunityAt),
      }),
    ];
  },
};

/** Treatment actions read for D-14: one page, earliest due first (checked ones are due first). */
export const TREATMENT_RESULTS_READ = 100;

/** D-14: the results of treatments, a retained record once an effectiveness check is recorded. */
export const treatmentResultsSource: SystemRecordSource = {
  id: 'treatment-results',
  mandatoryRef: 'D-14',
  title: 'Results of AI risk treatments (effectiveness checks)',
  type: 'RECORD',
  async records(store) {
    const page = await store.query(TreatmentActions, 'plan', {}, { limit: TREATMENT_RESULTS_READ });
    const checked = page.entries
      .map((e) => e.item)
      .filter((a) => a.effectivenessCheck?.result && a.effectivenessCheck.at);
    if (!checked.length) return [];
    const count = `${checked.length}${page.hasMore ? '+' : ''}`;
    return [
      recordOf(this, {
        title: `${this.title} (${count} checked)`,
        status: 'RECORDED',
        revision: null,
        approvedBy: null,
        approvedAt: null,
        nextReviewOn: null,
        entityRef: { entityType: 'TreatmentAction', entityId: 'results' },
        updatedAt: newest(...checked.map((a) => a.effectivenessCheck?.at ?? null)),
      }),
    ];
  },
};
