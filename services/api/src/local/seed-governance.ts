// Demo governance for Acme Health: the organisation half-way there, as a
// consultant usually finds it. Roles are appointed and accepted a month ago;
// the internal auditor has not accepted yet (APPOINTMENT_NOT_ACCEPTED), nobody
// leads data governance (ROLE_UNASSIGNED), the committee has no legal,
// security or business seat (COMMITTEE_NOT_CROSS_FUNCTIONAL) and the notes
// summariser in development has no owner (SYSTEM_WITHOUT_OWNER). The AI
// Governance Committee (quarterly) was set up six weeks ago with its seats
// linked to it; it met for a kickoff approving the risk methodology and again
// this week on the risk register, so it is not overdue (no COMMITTEE_NOT_MEETING).
import {
  AiSystems,
  type AppointInput,
  acceptAppointment,
  appoint,
  type Clock,
  createCommittee,
  recordCommitteeMeeting,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

export async function seedGovernance(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa' | 'cleo' | 'ines', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const memberRole = async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null;
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const manager = { tenantId: acme.id, actorId: users.alex, role: 'AIMS_MANAGER' as const };
  const systems = (await store.query(AiSystems, 'inventory', {}, { limit: 10 })).entries.map((e) => e.item);
  const systemId = (name: string) => {
    const system = systems.find((s) => s.name === name);
    if (!system) throw new Error(`seed AI system ${name} missing`);
    return system.id;
  };

  const committee = await createCommittee(
    manager,
    {
      name: 'AI Governance Committee',
      charterDocumentRef: 'POL-AI-003 Committee charter v1',
      cadenceMonths: 3,
    },
    { store, clock: at(45), ids: deps.ids },
  );

  /** One person's appointments in order; people are seeded in parallel. */
  const appointAll = async (
    userId: string,
    list: { input: Omit<AppointInput, 'userId'>; daysAgo: number; accepted: boolean }[],
  ) => {
    for (const { input, daysAgo, accepted } of list) {
      const clock = at(daysAgo);
      const made = await appoint(manager, { ...input, userId }, { store, memberRole, clock, ids: deps.ids });
      if (!accepted) continue;
      await acceptAppointment(
        { tenantId: acme.id, actorId: userId, role: (await memberRole(userId)) ?? 'VIEWER' },
        { id: made.id, expectedVersion: made.version },
        { store, clock: at(Math.max(daysAgo - 1, 0)), ids: deps.ids },
      );
    }
  };

  await Promise.all([
    appointAll(users.cleo, [
      {
        input: {
          kind: 'TOP_MANAGEMENT',
          responsibilities: ['Sets the AI policy and objectives', 'Provides resources for the AIMS'],
          authorities: ['Approves the risk methodology and residual risks above the threshold'],
        },
        daysAgo: 40,
        accepted: true,
      },
      {
        input: {
          kind: 'COMMITTEE_CHAIR',
          committeeFunction: 'EXECUTIVE',
          subjectRef: committee.id,
          responsibilities: ['Chairs the AI governance committee every quarter'],
        },
        daysAgo: 40,
        accepted: true,
      },
    ]),
    appointAll(users.alex, [
      {
        input: {
          kind: 'AIMS_MANAGER',
          responsibilities: ['Runs the AIMS day to day', 'Reports AIMS performance to top management'],
          authorities: ['Assigns AIMS tasks across departments'],
        },
        daysAgo: 40,
        accepted: true,
      },
    ]),
    appointAll(users.rafa, [
      {
        input: {
          kind: 'AI_RISK_OWNER',
          responsibilities: ['Maintains the AI risk register and treatment plan'],
          authorities: [
            'Accepts residual risks, above the threshold with a justification, conditions and an expiry of at most 12 months (X-5)',
          ],
        },
        daysAgo: 40,
        accepted: true,
      },
      {
        input: { kind: 'COMMITTEE_MEMBER', committeeFunction: 'RISK', subjectRef: committee.id },
        daysAgo: 40,
        accepted: true,
      },
    ]),
    appointAll(users.sam, [
      {
        input: { kind: 'AI_SYSTEM_OWNER', subjectRef: systemId('Patient triage assistant') },
        daysAgo: 0,
        accepted: true,
      },
      {
        input: { kind: 'AI_SYSTEM_OWNER', subjectRef: systemId('Readmission risk model') },
        daysAgo: 0,
        accepted: true,
      },
      {
        input: { kind: 'COMMITTEE_MEMBER', committeeFunction: 'DATA_SCIENCE', subjectRef: committee.id },
        daysAgo: 40,
        accepted: true,
      },
    ]),
    appointAll(users.ines, [
      {
        input: {
          kind: 'INTERNAL_AUDITOR',
          responsibilities: ['Plans and runs the internal audit programme'],
        },
        daysAgo: 20,
        accepted: false,
      },
    ]),
  ]);
  const day = (daysAgo: number) => at(daysAgo).now().toISOString().slice(0, 10);
  const minutes = async (daysAgo: number, meeting: Record<string, unknown>) =>
    recordCommitteeMeeting(
      manager,
      {
        committeeId: committee.id,
        heldOn: day(daysAgo),
        attendees: [users.cleo, users.rafa, users.sam],
        guests: ['Priya Raman (Northwind Assurance consultant)'],
        ...meeting,
      },
      { store, clock: at(daysAgo), ids: deps.ids },
    );
  await minutes(35, {
    agenda: ['Committee charter and cadence', 'AI risk assessment methodology', 'Scope of the AIMS'],
    decisions: [
      { text: 'Adopt the committee charter; meet at least quarterly', type: 'POLICY', ref: 'POL-AI-003' },
      {
        text: 'Approve the AI risk assessment methodology, version 1',
        type: 'APPROVAL',
        ref: 'methodology:1',
      },
    ],
    minutesRef: 'MIN-AIGC-01 Kickoff minutes',
  });
  await minutes(5, {
    agenda: ['Review of the AI risk register', 'Treatment plan progress', 'Data governance lead vacancy'],
    decisions: [
      {
        text: 'Prioritise treatment of risks above the threshold for the triage assistant',
        type: 'OTHER',
        ref: null,
      },
      { text: 'Fund a part-time data governance lead from next quarter', type: 'RESOURCE', ref: null },
    ],
    minutesRef: 'MIN-AIGC-02 Risk register review minutes',
  });
}
