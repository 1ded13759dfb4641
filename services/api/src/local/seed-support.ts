// Demo Clause 7 support for Acme Health, seeded after governance (it reads the
// appointments). Competence: the default requirements adopted and a matrix
// for the five people, with one honest gap — Ines, the internal auditor, holds
// AUDIT_METHOD at level 1 only (an ISO 9001 internal auditor course), so she
// needs a lead auditor course (a TRAINING gap action, not yet evaluated).
// Training: an awareness course for everyone (onboarding, yearly refresher)
// and an auditor course for INTERNAL_AUDITOR appointments, assigned by the
// reconciliation rules, three onboarding completions. Communication: the
// guide's six entries adopted a hundred days ago with a few logs; the
// quarterly performance update was never sent (SCHEDULED_COMMUNICATION_MISSED).
import {
  adoptCommunicationPlanTemplate,
  adoptDefaultCompetenceRequirements,
  type Clock,
  type CompetenceArea,
  type CompetenceBasis,
  completeTrainingAssignment,
  createTrainingCourse,
  type Member,
  planCompetenceAction,
  reconcileTrainingAssignments,
  recordCommunication,
  recordCompetence,
  type Tenant,
  templateEntryId,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

export async function seedSupport(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa' | 'cleo' | 'ines', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const memberRole = async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null;
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const day = (daysAgo: number) => at(daysAgo).now().toISOString().slice(0, 10);
  const manager = { tenantId: acme.id, actorId: users.alex, role: 'AIMS_MANAGER' as const };
  const base = { store, ids: deps.ids, memberRole };
  const members = async (): Promise<Member[]> =>
    (await deps.controlPlane.listMembersOfTenant(acme.id, { limit: 100 })).entries.map(({ item }) => ({
      userId: item.userId,
      role: item.role,
      joinedOn: item.createdAt.slice(0, 10),
    }));

  await adoptDefaultCompetenceRequirements(manager, {}, { ...base, clock: at(30) });

  const matrix: [string, CompetenceArea, number, CompetenceBasis, string][] = [
    [users.cleo, 'AI_ETHICS_PRINCIPLES', 2, 'TRAINING', 'CERT-ETH-2025-11 Responsible AI for boards'],
    [users.cleo, 'AI_REGULATION', 2, 'TRAINING', 'CERT-REG-2025-07 EU AI Act executive briefing'],
    [users.cleo, 'AIMS_STANDARD', 1, 'TRAINING', 'ISO/IEC 42001 awareness session, attendance list'],
    [users.alex, 'AIMS_STANDARD', 3, 'TRAINING', 'CERT-42001-LI-0931 ISO/IEC 42001 lead implementer'],
    [users.alex, 'AI_RISK_METHOD', 2, 'EXPERIENCE', 'CV: five years of ISO 31000 risk management'],
    [users.alex, 'AI_REGULATION', 2, 'TRAINING', 'CERT-REG-2025-07 EU AI Act practitioner'],
    [users.rafa, 'AI_RISK_METHOD', 3, 'EXPERIENCE', 'CV: enterprise risk lead since 2019'],
    [users.rafa, 'AI_THREATS', 2, 'TRAINING', 'CERT-AIS-2025-03 AI security and bias testing'],
    [users.rafa, 'AI_IMPACT_ASSESSMENT', 2, 'TRAINING', 'ISO/IEC 42005 workshop, certificate'],
    [users.rafa, 'AI_REGULATION', 1, 'TRAINING', 'EU AI Act e-learning, completion record'],
    [users.rafa, 'AI_ETHICS_PRINCIPLES', 1, 'TRAINING', 'Responsible AI e-learning, completion record'],
    [users.sam, 'ML_ENGINEERING', 3, 'EDUCATION', 'MSc Machine Learning, diploma on file'],
    [users.sam, 'AI_THREATS', 2, 'EXPERIENCE', 'CV: model monitoring and drift response'],
    [users.sam, 'AI_IMPACT_ASSESSMENT', 1, 'TRAINING', 'ISO/IEC 42005 introduction, attendance list'],
    [users.sam, 'AI_REGULATION', 1, 'TRAINING', 'EU AI Act e-learning, completion record'],
    [users.sam, 'AI_ETHICS_PRINCIPLES', 1, 'TRAINING', 'Responsible AI e-learning, completion record'],
    [users.ines, 'AIMS_STANDARD', 2, 'TRAINING', 'ISO/IEC 42001 foundation, certificate'],
    [users.ines, 'AUDIT_METHOD', 1, 'TRAINING', 'ISO 9001 internal auditor course (2019), certificate'],
  ];
  for (const [userId, area, level, basis, evidenceRef] of matrix) {
    await recordCompetence(
      manager,
      { userId, area, level, basis, evidenceRef, assessedOn: day(25) },
      { ...base, clock: at(25) },
    );
  }
  await planCompetenceAction(
    manager,
    {
      userId: users.ines,
      area: 'AUDIT_METHOD',
      kind: 'TRAINING',
      description: 'ISO 19011 / ISO/IEC 42001 lead auditor course before the first internal audit',
      dueOn: day(-45),
    },
    { ...base, clock: at(20) },
  );

  const awareness = await createTrainingCourse(
    manager,
    {
      title: 'AI policy and AIMS awareness',
      topics: ['The AI policy', 'Your part in the AIMS', 'What happens when we do not follow it'],
      validityMonths: 12,
      awarenessItems: ['POLICY', 'CONTRIBUTION', 'NONCONFORMITY_IMPLICATIONS'],
      rules: { onboarding: true, refresher: true },
    },
    { ...base, clock: at(30) },
  );
  await createTrainingCourse(
    manager,
    {
      title: 'Auditing an AI management system (ISO 19011, ISO/IEC 42001)',
      topics: ['Audit programme', 'Audit evidence', 'Reporting nonconformities'],
      validityMonths: 36,
      awarenessItems: ['CONTRIBUTION', 'NONCONFORMITY_IMPLICATIONS'],
      rules: { appointmentKinds: ['INTERNAL_AUDITOR'] },
    },
    { ...base, clock: at(30) },
  );
  await reconcileTrainingAssignments(
    manager,
    {},
    { ...base, clock: deps.clock, members, publishedVersions: async () => [] },
  );
  for (const [who, score] of [
    [users.alex, 95],
    [users.rafa, 88],
    [users.cleo, 92],
  ] as const) {
    await completeTrainingAssignment(
      { tenantId: acme.id, actorId: who, role: (await memberRole(who)) ?? 'VIEWER' },
      { id: `ONBOARDING.${awareness.id}.${who}`, expectedVersion: 1, completedOn: day(0), score },
      { ...base, clock: deps.clock },
    );
  }

  await adoptCommunicationPlanTemplate(manager, {}, { ...base, clock: at(100) });
  const log = (code: string, daysAgo: number, summary: string, evidenceRef: string) =>
    recordCommunication(
      manager,
      { entryId: templateEntryId(code), sentOn: day(daysAgo), summary, evidenceRef },
      { ...base, clock: at(daysAgo) },
    );
  await log(
    'TRANSPARENCY_DISCLOSURES',
    60,
    'Published the AI transparency page',
    'https://acme-health.example/ai',
  );
  await log(
    'AI_RISK_REPORTING',
    35,
    'Risk methodology and first risks presented',
    'MIN-AIGC-01 Kickoff minutes',
  );
  await log(
    'AI_RISK_REPORTING',
    5,
    'Risk register review tabled',
    'MIN-AIGC-02 Risk register review minutes',
  );
}
