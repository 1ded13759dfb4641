// The dispatcher's paging against in-memory ports: large pages, each sent while
// the next is read, never more than one page waiting to be sent.
import type { Page, PageRequest, Tenant } from '@aims/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import type { JobMessage } from './catalogue';
import { DISPATCH_PAGE_SIZE, dispatchJob } from './dispatch';
import type { JobQueue } from './job-queue';

function controlPlane(count: number, log: string[]) {
  const ids = Array.from({ length: count }, (_, i) => `t-${String(i).padStart(5, '0')}`);
  const limits: number[] = [];
  return {
    limits,
    async listTenantsByStatus(_status: string, page: PageRequest): Promise<Page<Tenant>> {
      limits.push(page.limit);
      const from = page.startKey ? ids.indexOf(String(page.startKey.id)) + 1 : 0;
      const slice = ids.slice(from, from + page.limit);
      log.push(`read ${from}`);
      await new Promise((r) => setImmediate(r));
      return {
        entries: slice.map((id) => ({ item: { id } as Tenant, key: { id } })),
        hasMore: from + page.limit < ids.length,
      };
    },
  };
}

/** A queue whose sends take two turns of the event loop, a page read one. */
function heldQueue(log: string[]) {
  const sent: JobMessage[][] = [];
  let outstanding = 0;
  let most = 0;
  const queue: JobQueue = {
    async send(messages) {
      most = Math.max(most, ++outstanding);
      log.push(`send ${messages.length}`);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      sent.push([...messages]);
      log.push(`sent ${messages.length}`);
      outstanding--;
    },
  };
  return { queue, sent, most: () => most };
}

const deps = (count: number, log: string[], queue: JobQueue, pageSize?: number) => ({
  controlPlane: controlPlane(count, log),
  queue,
  clock: { now: () => new Date('2026-03-15T05:00:00.000Z') },
  logger: new Logger({ logLevel: 'SILENT' }),
  ...(pageSize ? { pageSize } : {}),
});

describe('dispatchJob paging', () => {
  it('reads the control plane in pages of 1,000 by default', async () => {
    const log: string[] = [];
    const held = heldQueue(log);
    const d = deps(2500, log, held.queue);
    const result = await dispatchJob({ job: 'review-reminders' }, d);
    expect(result.tenants).toBe(2500);
    expect(d.controlPlane.limits).toEqual([DISPATCH_PAGE_SIZE, DISPATCH_PAGE_SIZE, DISPATCH_PAGE_SIZE]);
    expect(held.sent.map((m) => m.length)).toEqual([1000, 1000, 500]);
  });

  it('reads the next page while the previous one is sent, with one send outstanding at most', async () => {
    const log: string[] = [];
    const held = heldQueue(log);
    await dispatchJob({ job: 'review-reminders' }, deps(25, log, held.queue, 10));
    expect(log).toEqual([
      'read 0',
      'send 10',
      'read 10',
      'sent 10',
      'send 10',
      'read 20',
      'sent 10',
      'send 5',
      'sent 5',
    ]);
    expect(held.most()).toBe(1);
    expect(held.sent.flat().map((m) => m.tenantId)).toEqual(
      Array.from({ length: 25 }, (_, i) => `t-${String(i).padStart(5, '0')}`),
    );
  });

  it('reports a failed send even when it fails while the next page is read', async () => {
    const log: string[] = [];
    const queue: JobQueue = {
      send: async () => {
        throw new Error('SQS rejected 1 message(s): InvalidMessageContents');
      },
    };
    await expect(dispatchJob({ job: 'review-reminders' }, deps(25, log, queue, 10))).rejects.toThrow(
      /InvalidMessageContents/,
    );
    // The failure surfaces before a second page is sent.
    expect(log).toEqual(['read 0', 'read 10']);
  });
});
