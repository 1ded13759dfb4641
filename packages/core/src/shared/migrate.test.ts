// Data migrations (§3.14 data-migrations job; data layer: "old items must still parse"):
// when a stored item is stale against its declaration and what it becomes.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Reminders } from '../reminders/model';
import { declarationsByEntity, planMigration } from './migrate';
import { defineAggregate } from './store';
import { toStoredItem } from './store-keys';

interface Gadget {
  id: string;
  tenantId: string;
  name: string;
  status: 'DRAFT' | 'APPROVED';
  approvedOn: string | null;
  version: number;
}

const gadgetSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  status: z.enum(['DRAFT', 'APPROVED']),
  // Added in schema 2: older items read as not approved.
  approvedOn: z.string().nullable().default(null),
  version: z.number(),
});

/** Release 2 of a declaration: an `approved` sparse index (GSI2) added since release 1. */
const Gadgets = defineAggregate({
  name: 'Gadget',
  schema: gadgetSchema as z.ZodType<Gadget>,
  schemaVersion: 2,
  key: (k: { id: string }) => ({ partition: ['GADGET', k.id], sort: 'GADGET' }),
  keyOf: (g: Gadget) => ({ id: g.id }),
  describes: 'a gadget',
  patterns: {
    byName: {
      index: 'GSI1',
      partition: () => ['GADGETS'],
      params: () => ({}),
      sort: (g: Gadget) => `${g.name.toLowerCase()}#${g.id}`,
      describes: 'gadgets by name',
    },
    approved: {
      index: 'GSI2',
      partition: () => ['GADGETS', 'APPROVED'],
      params: (g: Gadget) => (g.status === 'APPROVED' && g.approvedOn ? {} : null),
      sort: (g: Gadget) => `${g.approvedOn}#${g.id}`,
      describes: 'approved gadgets by date',
    },
  },
});

const decls = declarationsByEntity([Gadgets, Reminders]);
const T = 'acme';
const gadget: Gadget = {
  id: 'g1',
  tenantId: T,
  name: 'Scorer',
  status: 'APPROVED',
  approvedOn: '2026-02-01',
  version: 3,
};
const current = () => toStoredItem(Gadgets, T, gadget);
const without = (item: Record<string, unknown>, ...attributes: string[]) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !attributes.includes(k)));

describe('planMigration', () => {
  it('§3.14 an item missing a GSI key added since it was written is rewritten with it', () => {
    const { GSI2PK, GSI2SK, ...old } = current();
    const plan = planMigration(old, decls, T);
    expect(plan.kind).toBe('stale');
    if (plan.kind !== 'stale') return;
    expect(plan.reasons).toEqual(['GSI2PK missing', 'GSI2SK missing']);
    expect(plan.item).toEqual(current());
    expect(plan.item.GSI2PK).toBe(GSI2PK);
    expect(plan.item.GSI2SK).toBe(GSI2SK);
    // The rewrite requires the item as read: the keys it lacked still absent.
    expect(plan.guard).toMatchObject({ version: 3, schemaVersion: 2, GSI2PK: undefined, GSI1PK: old.GSI1PK });
  });

  it('§3.14 an item whose index sort key is computed differently now gets the new sort key', () => {
    const old = { ...current(), GSI1SK: 'Scorer#g1' };
    const plan = planMigration(old, decls, T);
    expect(plan.kind === 'stale' && plan.reasons).toEqual(['GSI1SK changed']);
    expect(plan.kind === 'stale' && plan.item.GSI1SK).toBe('scorer#g1');
    expect(plan.kind === 'stale' && plan.guard.GSI1SK).toBe('Scorer#g1');
  });

  it('§3.14 an index key the declaration no longer gives (sparse pattern left) is dropped', () => {
    const draft = toStoredItem(Gadgets, T, { ...gadget, status: 'DRAFT' });
    const old = { ...draft, GSI2PK: `T#${T}#GADGETS#APPROVED`, GSI2SK: '2026-02-01#g1' };
    const plan = planMigration(old, decls, T);
    expect(plan.kind === 'stale' && plan.reasons).toEqual(['GSI2PK extra', 'GSI2SK extra']);
    expect(plan.kind === 'stale' && 'GSI2PK' in plan.item).toBe(false);
  });

  it('§3.14 an item of an older schema parses with its defaults and is written at the current schemaVersion', () => {
    const { approvedOn: _, ...v1 } = { ...gadget, status: 'DRAFT' as const };
    const old = { ...toStoredItem(Gadgets, T, { ...v1, approvedOn: null }), schemaVersion: 1 };
    delete (old as Record<string, unknown>).approvedOn;
    const plan = planMigration(old, decls, T);
    expect(plan.kind).toBe('stale');
    if (plan.kind !== 'stale') return;
    expect(plan.reasons).toEqual(['schemaVersion 1 < 2']);
    expect(plan.item).toMatchObject({ schemaVersion: 2, approvedOn: null, entity: 'Gadget', tenantId: T });
    expect(plan.guard.schemaVersion).toBe(1);
  });

  it('§3.14 a schema-1 reminder without index keys gets every list key and the schema-2 defaults', () => {
    const reminder = {
      PK: `T#${T}#REMINDER#2026-03-01`,
      SK: 'RISK_REVIEW_OVERDUE#r1',
      entity: 'Reminder',
      schemaVersion: 1,
      tenantId: T,
      period: '2026-03-01',
      kind: 'RISK_REVIEW_OVERDUE',
      entityId: 'r1',
      title: 'Review risk',
      ownerId: 'u1',
      dueDate: '2026-02-01',
      daysOverdue: 28,
      createdAt: '2026-03-01T05:00:00.000Z',
    };
    const plan = planMigration(reminder, decls, T);
    expect(plan.kind).toBe('stale');
    if (plan.kind !== 'stale') return;
    expect(plan.item).toMatchObject({
      schemaVersion: 2,
      version: 1,
      dismissal: null,
      updatedAt: reminder.createdAt,
      GSI1PK: `T#${T}#REMINDERS#ALL`,
      GSI2PK: `T#${T}#REMINDERS#OPEN`,
      GSI3PK: `T#${T}#REMINDERS#TO#u1`,
      GSI4PK: `T#${T}#REMINDERS#OPENTO#u1`,
    });
    expect(typeof plan.item.expiresAt).toBe('number');
    expect(plan.guard).toMatchObject({ version: undefined, schemaVersion: 1, daysOverdue: 28 });
    // Rewritten, it is current: a second run changes nothing.
    expect(planMigration(plan.item, decls, T).kind).toBe('current');
  });

  it('§3.14 an up-to-date item is left untouched', () => {
    expect(planMigration(current(), decls, T)).toEqual({ kind: 'current', entity: 'Gadget' });
  });

  it('§3.14 attributes the declaration does not know (TTL) survive a rewrite', () => {
    const old = without({ ...current(), ttl: 1_900_000_000 }, 'GSI2PK', 'GSI2SK');
    const plan = planMigration(old, decls, T);
    expect(plan.kind === 'stale' && plan.item.ttl).toBe(1_900_000_000);
  });

  it('§3.14 an item of an entity without a declaration (a change record) is left alone and named', () => {
    expect(planMigration({ PK: 'x', SK: 'y', entity: 'ChangeRecord', tenantId: T }, decls, T)).toEqual({
      kind: 'unknown',
      entity: 'ChangeRecord',
    });
    expect(planMigration({ PK: 'x', SK: 'y' }, decls, T).kind).toBe('unknown');
  });

  it('§3.14 an item written by a newer release is never downgraded', () => {
    const newer = without({ ...current(), schemaVersion: 3 }, 'GSI2PK');
    expect(planMigration(newer, decls, T).kind).toBe('newer');
  });

  it('§3.14 an item that does not parse, or of another tenant, or whose primary key moved, is not rewritten', () => {
    const broken = { ...current(), status: 'LOST', schemaVersion: 1 };
    expect(planMigration(broken, decls, T)).toMatchObject({ kind: 'unmigratable', entity: 'Gadget' });
    expect(planMigration({ ...current(), schemaVersion: 1 }, decls, 'other').kind).toBe('unmigratable');
    const moved = { ...current(), SK: 'OLD', schemaVersion: 1 };
    expect(planMigration(moved, decls, T)).toMatchObject({ kind: 'unmigratable' });
  });

  it('§3.14 refuses two declarations of one entity', () => {
    expect(() => declarationsByEntity([Gadgets, Gadgets])).toThrow(/two declarations of Gadget/);
  });
});
