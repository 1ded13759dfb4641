// The review-reminders job for one tenant: work out the reminders for the
// period, store each as an item in the tenant's table (only if absent, so a
// rerun adds nothing), and tell integrations with one event per run.
import { countByKind, dueReviewReminders, type Reminder } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../job-runs';
import type { JobRunner } from './job';

export const REMINDERS_ISSUED = 'ReviewRemindersIssued';

/** One partition per tenant and day: a day's reminders are one Query. */
export const reminderKey = (tenantId: string, period: string, r: Pick<Reminder, 'kind' | 'entityId'>) => ({
  PK: `T#${tenantId}#REMINDER#${period}`,
  SK: `${r.kind}#${r.entityId}`,
});

const WRITE_CONCURRENCY = 10;

export const issueReviewReminders: JobRunner = async ({ tenant, period, store, doc, events, clock }) => {
  const reminders = await dueReviewReminders(store, period);
  const createdAt = clock.now().toISOString();
  let created = 0;
  for (let i = 0; i < reminders.length; i += WRITE_CONCURRENCY) {
    const written = await Promise.all(
      reminders
        .slice(i, i + WRITE_CONCURRENCY)
        .map((r) => putIfAbsent(doc, tenant.tableName, tenant.id, period, r, createdAt)),
    );
    created += written.filter(Boolean).length;
  }
  const byKind = countByKind(reminders);
  await events.publish({
    detailType: REMINDERS_ISSUED,
    detail: {
      // Stable per (tenant, job, period): consumers can drop a redelivered event.
      runKey: `${tenant.id}/review-reminders/${period}`,
      tenantId: tenant.id,
      period,
      reminders: reminders.length,
      created,
      byKind,
    },
  });
  return { reminders: reminders.length, created, byKind };
};

async function putIfAbsent(
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  period: string,
  reminder: Reminder,
  createdAt: string,
): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...reminderKey(tenantId, period, reminder),
          entity: 'Reminder',
          tenantId,
          period,
          ...reminder,
          createdAt,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
