// TRAINING_OVERDUE (7.2, §3.14): a training assignment past its due date and not
// completed, addressed to the assignee. Read from the sparse index of open
// assignments by due date, stopping at the first one not yet due.
import type { TenantStore } from '../shared/store';
import { TrainingAssignments, TrainingCourses } from '../support/model';
import type { TrainingAssignment } from '../support/training';
import { readWhile } from './read-while';
import { daysBetween, type Reminder } from './reminder';

type Open = Pick<TrainingAssignment, 'id' | 'userId' | 'courseId' | 'dueOn' | 'completedOn'>;

export function trainingOverdueReminders(
  assignments: readonly Open[],
  courseTitles: ReadonlyMap<string, string>,
  today: string,
): Reminder[] {
  return assignments.flatMap((a) => {
    if (a.completedOn || !(a.dueOn < today)) return [];
    return [
      {
        kind: 'TRAINING_OVERDUE' as const,
        entityId: a.id,
        title: `Training: ${courseTitles.get(a.courseId) ?? a.courseId}`,
        ownerId: a.userId,
        dueDate: a.dueOn,
        daysOverdue: daysBetween(a.dueOn, today),
      },
    ];
  });
}

export async function dueTrainingAssignments(store: TenantStore, today: string): Promise<Reminder[]> {
  const open = await readWhile(store, TrainingAssignments, 'open', {}, (a) => a.dueOn < today);
  if (!open.length) return [];
  const ids = [...new Set(open.map((a) => a.courseId))];
  const courses = await store.getMany(
    TrainingCourses,
    ids.map((id) => ({ id })),
  );
  const titles = new Map(courses.flatMap((c) => (c ? [[c.id, c.title] as const] : [])));
  return trainingOverdueReminders(open, titles, today);
}
