import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import type { StoreDeps } from '../shared/versioned';
import { SoaEntries } from '../soa/model';
import { blankEntry } from '../soa/statement-of-applicability';
import type { TenantScope } from '../tenancy/tenant-scope';
import { COMMUNICATION_TEMPLATE } from './communication';
import {
  adoptCommunicationPlanTemplate,
  createCommunicationPlanEntry,
  recordCommunication,
  updateCommunicationPlanEntry,
} from './manage-communication';
import { communicationGaps, listCommunicationLogs, listCommunicationPlan } from './query-communication';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const viewer: TenantScope = { tenantId: 't1', actorId: 'u-viewer', role: 'VIEWER' };

let table: InMemoryTable;
let store: InMemoryTenantStore;
let now: Date;
let deps: StoreDeps;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const read = () => ({ store, cursors, clock: { now: () => now } });
const setDay = (day: string) => {
  now = new Date(`${day}T10:00:00.000Z`);
};
const gaps = async (today?: string) =>
  (await communicationGaps(manager, { today: today ?? null }, read())).edges.map((e) => e.node);

const applyA84 = (applicable: boolean) =>
  store.commit([put(SoaEntries, { ...blankEntry('t1', 'A.8.4'), applicable, version: 1 }, 'any')]);

beforeEach(() => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  setDay('2026-03-01');
  let n = 0;
  deps = { store, clock: { now: () => now }, ids: { next: () => `id-${++n}` } };
});

const entry = {
  subject: 'AI risk reporting to management',
  direction: 'INTERNAL',
  audience: 'Top management',
  timing: { frequency: 'QUARTERLY' },
  senderAppointmentKind: 'AI_RISK_OWNER',
  channel: 'Committee report',
  linkedRequirementIds: ['9.3.2'],
};

describe('§3.6.3 communication plan', () => {
  it('§3.6.3 the template has the guide six entries; adopting twice writes them once', async () => {
    expect(COMMUNICATION_TEMPLATE.map((t) => t.subject)).toEqual([
      'AI risk reporting to management',
      'AI incident notifications',
      'AIMS performance updates',
      'Answers to stakeholder inquiries about our AI systems',
      'Regulatory notifications',
      'Public transparency disclosures about our use of AI',
    ]);
    expect(await adoptCommunicationPlanTemplate(manager, {}, deps)).toHaveLength(6);
    const size = table.items.size;
    expect(await adoptCommunicationPlanTemplate(manager, {}, deps)).toEqual([]);
    expect(table.items.size).toBe(size);
    const plan = (await listCommunicationPlan(manager, { direction: 'EXTERNAL' }, read())).edges.map(
      (e) => e.node,
    );
    // Adopted together: same date, then by id.
    expect(plan.map((e) => e.templateCode)).toEqual([
      'INCIDENT_NOTIFICATIONS',
      'REGULATORY_NOTIFICATIONS',
      'STAKEHOLDER_INQUIRIES',
      'TRANSPARENCY_DISCLOSURES',
    ]);
  });

  it('§3.6.3 timing needs exactly one of frequency or trigger; unknown clause and control refs are named by index', async () => {
    const error = await createCommunicationPlanEntry(
      manager,
      {
        ...entry,
        timing: { frequency: 'QUARTERLY', trigger: 'INCIDENT' },
        linkedRequirementIds: ['99.9'],
        linkedControlRefs: ['A.8.4', 'B.1'],
      },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((e) => e.path.join('.'))).toEqual([
      'input.timing.frequency',
      'input.linkedRequirementIds.0',
      'input.linkedControlRefs.1',
    ]);
    expect(table.items.size).toBe(0);
  });

  it('§3.6.3 a log moves the last-sent date forward, a backfill does not; logs list newest first; stale version → CONFLICT', async () => {
    const made = await createCommunicationPlanEntry(manager, entry, deps);
    await recordCommunication(
      manager,
      { entryId: made.id, sentOn: '2026-02-20', summary: 'Q1 report', evidenceRef: 'RPT-1' },
      deps,
    );
    await recordCommunication(
      manager,
      { entryId: made.id, sentOn: '2026-01-10', summary: 'Backfill', evidenceRef: 'RPT-0' },
      deps,
    );
    const logs = (await listCommunicationLogs(manager, made, {}, read())).edges.map((e) => e.node.sentOn);
    expect(logs).toEqual(['2026-02-20', '2026-01-10']);
    await expect(
      updateCommunicationPlanEntry(manager, { id: made.id, expectedVersion: 1, channel: 'Email' }, deps),
    ).rejects.toBeInstanceOf(ConflictError);
    const updated = await updateCommunicationPlanEntry(
      manager,
      { id: made.id, expectedVersion: 2, channel: 'Email' },
      deps,
    );
    expect(updated).toMatchObject({ lastSentOn: '2026-02-20', channel: 'Email', version: 3 });
    await expect(
      recordCommunication(
        manager,
        { entryId: made.id, sentOn: '2026-03-02', summary: 'x', evidenceRef: 'y' },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'sentOn'] }] });
  });

  it('§3.6.3 only the AIMS office plans and logs communication', async () => {
    await expect(createCommunicationPlanEntry(viewer, entry, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(adoptCommunicationPlanTemplate(viewer, {}, deps)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('§3.6.3 communication gaps', () => {
  it('§3.6.3 EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED only while A.8.4 is applicable and no external INCIDENT entry exists', async () => {
    expect(await gaps()).toEqual([]);
    await applyA84(true);
    expect((await gaps()).map((g) => g.code)).toEqual(['EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED']);
    // An internal incident entry does not answer it.
    await createCommunicationPlanEntry(manager, { ...entry, timing: { trigger: 'INCIDENT' } }, deps);
    expect((await gaps()).map((g) => g.code)).toEqual(['EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED']);
    await createCommunicationPlanEntry(
      manager,
      { ...entry, direction: 'EXTERNAL', timing: { trigger: 'INCIDENT' } },
      deps,
    );
    expect(await gaps()).toEqual([]);
    await applyA84(false);
    expect(await gaps()).toEqual([]);
  });

  it('§3.6.3 SCHEDULED_COMMUNICATION_MISSED when the last log (or the planning) is older than the frequency', async () => {
    const made = await createCommunicationPlanEntry(manager, entry, deps);
    expect(await gaps('2026-06-01')).toEqual([]);
    expect(await gaps('2026-06-02')).toMatchObject([
      { code: 'SCHEDULED_COMMUNICATION_MISSED', entryId: made.id, dueOn: '2026-06-01' },
    ]);
    await recordCommunication(
      manager,
      { entryId: made.id, sentOn: '2026-03-01', summary: 'Q1', evidenceRef: 'RPT-1' },
      deps,
    );
    expect(await gaps('2026-06-01')).toEqual([]);
    await updateCommunicationPlanEntry(manager, { id: made.id, expectedVersion: 2, retired: true }, deps);
    expect(await gaps('2027-01-01')).toEqual([]);
  });
});
