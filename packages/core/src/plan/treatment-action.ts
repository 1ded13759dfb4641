// A treatment plan action, apart from its rules so the storage declaration can name it.
export type ActionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'OVERDUE';

export interface TreatmentAction {
  id: string;
  tenantId: string;
  title: string;
  riskId: string | null;
  controlId: string | null;
  ownerId: string;
  dueDate: string;
  progress: number;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
