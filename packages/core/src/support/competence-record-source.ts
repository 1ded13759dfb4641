// D-10 in the document register (§3.6.4): the competence records (7.2 d) as
// one retained record set, once one exists.
import { recordOf, type SystemRecordSource } from '../documents/system-record';
import { CompetenceRecords } from './model';

export const competenceSource: SystemRecordSource = {
  id: 'competence',
  mandatoryRef: 'D-10',
  title: 'Evidence of competence (competence records)',
  type: 'RECORD',
  async records(store) {
    const [first, changedAt] = await Promise.all([
      store.query(CompetenceRecords, 'all', {}, { limit: 1 }),
      store.lastChangeAt('CompetenceRecord'),
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
        entityRef: { entityType: 'CompetenceRecord', entityId: 'register' },
        updatedAt: changedAt,
      }),
    ];
  },
};
