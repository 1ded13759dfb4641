// D-03 in the document register (§3.6.4): the AI objectives in force, as one
// retained record set, from one page of the ACTIVE objectives.
import { recordOf, type SystemRecordSource } from '../documents/system-record';
import { AiObjectives } from './model';

/** ACTIVE objectives read to describe the set. */
export const OBJECTIVE_RECORDS_READ = 100;

export const objectivesSource: SystemRecordSource = {
  id: 'ai-objectives',
  mandatoryRef: 'D-03',
  title: 'AI objectives',
  type: 'RECORD',
  async records(store) {
    const page = await store.query(
      AiObjectives,
      'byStatus',
      { status: 'ACTIVE' },
      { limit: OBJECTIVE_RECORDS_READ },
    );
    const active = page.entries.map((e) => e.item);
    if (!active.length) return [];
    const count = `${active.length}${page.hasMore ? '+' : ''}`;
    // ISO timestamps: the last in sort order is the newest.
    const updatedAt =
      active
        .map((o) => o.updatedAt)
        .sort()
        .at(-1) ?? null;
    return [
      recordOf(this, {
        title: `${this.title} (${count} active)`,
        status: 'RECORDED',
        revision: null,
        approvedBy: null,
        approvedAt: null,
        nextReviewOn: null,
        entityRef: { entityType: 'AiObjective', entityId: 'active' },
        updatedAt,
      }),
    ];
  },
};
