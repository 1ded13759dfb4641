// Demo data: one consultancy with two client organisations and one self-service
// organisation, each with a few AI systems (third-party ones included). Goes
// through the core use cases, so seeding exercises the real rules.
import {
  type Actor,
  acceptInvitation,
  type ConsultancyMembership,
  inviteMember,
  onboardClientTenant,
  type Role,
  registerAiSystem,
  setEuAiActProfile,
  signUpSelfService,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { DevUser } from '@aims/local';
import type { ApiDeps } from '../context';
import { tenantInitialiser } from '../tenant-initialiser';
import { seedContext } from './seed-context';
import { seedDocuments } from './seed-documents';
import { seedGovernance } from './seed-governance';
import { seedOpportunities } from './seed-opportunities';
import { seedPolicy } from './seed-policy';
import { seedPortfolio } from './seed-portfolio';
import { seedReadiness } from './seed-readiness';
import { approveDemoTreatmentPlan, finishDemoRiskWork, seedRiskWork } from './seed-risk-work';
import { seedSupport } from './seed-support';

export const DEMO_USERS = {
  priya: {
    sub: 'user-priya',
    email: 'priya@northwind-assurance.example',
    name: 'Priya Raman (Northwind consultant)',
  },
  alex: {
    sub: 'user-alex',
    email: 'alex@acme-health.example',
    name: 'Alex Morgan (Acme Health AIMS manager)',
  },
  sam: {
    sub: 'user-sam',
    email: 'sam@acme-health.example',
    name: 'Sam Okafor (Acme Health AI system owner)',
  },
  rafa: {
    sub: 'user-rafa',
    email: 'rafa@acme-health.example',
    name: 'Rafael Lind (Acme Health AI risk owner)',
  },
  cleo: {
    sub: 'user-cleo',
    email: 'cleo@acme-health.example',
    name: 'Cleo Hart (Acme Health governance committee)',
  },
  ines: {
    sub: 'user-ines',
    email: 'ines@acme-health.example',
    name: 'Ines Duarte (Acme Health internal auditor)',
  },
  mei: { sub: 'user-mei', email: 'mei@globex-logistics.example', name: 'Mei Tanaka (Globex AIMS manager)' },
  olu: { sub: 'user-olu', email: 'olu@brightpath.example', name: 'Olu Adeyemi (Brightpath, self-service)' },
} satisfies Record<string, DevUser>;

export const DEMO_CONSULTANCY = { id: 'cons-northwind', name: 'Northwind Assurance' };

const actorOf = (u: DevUser): Actor => ({
  userId: u.sub,
  email: u.email,
  emailVerified: true,
  displayName: u.name,
});

export interface SeededDemo {
  consultancyId: string;
  tenants: { acme: Tenant; globex: Tenant; brightpath: Tenant };
}

export async function seedDemo(apiDeps: ApiDeps): Promise<SeededDemo> {
  // Tenants are created the way the API creates them, default methodology included.
  const deps = { ...apiDeps, initialiseTenant: tenantInitialiser(apiDeps) };
  const cp = deps.controlPlane;
  const now = deps.clock.now().toISOString();
  for (const u of Object.values(DEMO_USERS)) {
    await cp.ensureUser({ id: u.sub, email: u.email, displayName: u.name, createdAt: now });
  }
  const staff: ConsultancyMembership[] = [
    { consultancyId: DEMO_CONSULTANCY.id, userId: DEMO_USERS.priya.sub, role: 'PARTNER_ADMIN' },
  ];
  await cp.putConsultancy({ ...DEMO_CONSULTANCY, createdAt: now }, staff);

  const priya = actorOf(DEMO_USERS.priya);
  const acme = await onboardClientTenant(
    priya,
    { consultancyId: DEMO_CONSULTANCY.id, name: 'Acme Health' },
    deps,
  );
  const globex = await onboardClientTenant(
    priya,
    { consultancyId: DEMO_CONSULTANCY.id, name: 'Globex Logistics' },
    deps,
  );
  const brightpath = await signUpSelfService(
    actorOf(DEMO_USERS.olu),
    { organisationName: 'Brightpath Analytics' },
    deps,
  );

  // Members join the way real ones do: the consultant invites, the invitee accepts.
  const add = async (tenant: Tenant, user: DevUser, role: Role) => {
    await inviteMember(
      { tenantId: tenant.id, actorId: priya.userId, role: 'CONSULTANT' },
      { email: user.email, role },
      deps,
    );
    await acceptInvitation(actorOf(user), tenant.id, deps);
  };
  await add(acme, DEMO_USERS.alex, 'AIMS_MANAGER');
  await add(acme, DEMO_USERS.sam, 'AI_SYSTEM_OWNER');
  await add(acme, DEMO_USERS.ines, 'INTERNAL_AUDITOR');
  await add(acme, DEMO_USERS.rafa, 'AI_RISK_OWNER');
  await add(acme, DEMO_USERS.cleo, 'COMMITTEE_MEMBER');
  await add(globex, DEMO_USERS.mei, 'AIMS_MANAGER');

  const register = async (tenant: Tenant, actor: DevUser, role: Role, input: Record<string, unknown>) =>
    registerAiSystem({ tenantId: tenant.id, actorId: actor.sub, role }, input, {
      store: await tenantStore(tenant, deps.clients),
      isMember: async (userId) => !!(await cp.getMembership(userId, tenant.id)),
      memberRole: async (userId) => (await cp.getMembership(userId, tenant.id))?.role ?? null,
      clock: deps.clock,
      ids: deps.ids,
    });

  const triage = await register(acme, DEMO_USERS.alex, 'AIMS_MANAGER', {
    name: 'Patient triage assistant',
    purpose: 'Suggests an urgency level for incoming patient messages so nurses see urgent ones first.',
    dataProcessed: ['patient messages', 'appointment history'],
    decisionsInfluenced: ['order of the nurse work queue'],
    affectedStakeholders: ['patients', 'nursing staff'],
    businessProcess: 'Patient communications',
    lifecycleStage: 'USE',
    ownerId: DEMO_USERS.sam.sub,
    aiRoles: ['DEPLOYER', 'CUSTOMER'],
    intendedUse:
      'Orders the nurse work queue by suggested urgency, including messages describing emergencies; a nurse reads every message and decides the response.',
    humanOversight:
      'Nurses see the suggested level beside the message and can re-prioritise; weekly sample review of down-graded messages by the lead nurse.',
    nextReviewOn: '2026-12-01',
    provenance: 'THIRD_PARTY_API',
    vendor: {
      name: 'Lumen AI Ltd',
      modelOrService: 'lumen-clinical-2',
      contractReference: 'MSA-2025-014',
      dpaReference: 'DPA-2025-014',
    },
  });
  await register(acme, DEMO_USERS.alex, 'AIMS_MANAGER', {
    name: 'Readmission risk model',
    purpose: 'Estimates 30-day readmission risk to target follow-up calls.',
    dataProcessed: ['discharge summaries', 'diagnosis codes'],
    decisionsInfluenced: ['who receives a follow-up call'],
    affectedStakeholders: ['discharged patients', 'care coordinators'],
    lifecycleStage: 'DEPLOYMENT',
    ownerId: DEMO_USERS.sam.sub,
    provenance: 'INTERNAL',
    aiRoles: ['DEVELOPER', 'PROVIDER', 'DEPLOYER'],
    intendedUse: 'Prioritise follow-up calls by care coordinators in the 30 days after discharge.',
    humanOversight: 'Coordinators review every call list and may add patients the score ranks low.',
    nextReviewOn: '2026-10-01',
  });
  await register(acme, DEMO_USERS.sam, 'AI_SYSTEM_OWNER', {
    name: 'Clinical notes summariser',
    purpose: 'Drafts visit summaries inside the electronic health record for clinician review.',
    dataProcessed: ['clinical notes'],
    lifecycleStage: 'DEVELOPMENT',
    aiRoles: ['CUSTOMER', 'USER'],
    provenance: 'EMBEDDED_IN_SAAS',
    vendor: {
      name: 'CareRecord Systems',
      modelOrService: 'CareRecord Assist',
      contractReference: 'CR-2024-88',
    },
  });
  await register(globex, DEMO_USERS.mei, 'AIMS_MANAGER', {
    name: 'Route optimiser',
    purpose: 'Plans delivery routes to cut mileage and late deliveries.',
    dataProcessed: ['orders', 'vehicle telemetry'],
    lifecycleStage: 'USE',
    provenance: 'INTERNAL',
    aiRoles: ['DEVELOPER', 'DEPLOYER'],
    intendedUse: "Proposes the next day's delivery routes; dispatchers approve or edit them each evening.",
    humanOversight: 'Dispatchers approve every route plan before drivers receive it.',
  });
  await register(globex, DEMO_USERS.mei, 'AIMS_MANAGER', {
    name: 'Invoice reader',
    purpose: 'Extracts fields from supplier invoices for accounts payable.',
    dataProcessed: ['supplier invoices'],
    lifecycleStage: 'USE',
    aiRoles: ['DEPLOYER', 'USER'],
    intendedUse:
      'Pre-fills invoice fields for accounts-payable clerks, who confirm each invoice before payment.',
    provenance: 'PRETRAINED_MODEL',
    vendor: { name: 'DocuVision GmbH', modelOrService: 'docuvision-ocr-4', dpaReference: 'DPA-DV-2023-7' },
  });
  await register(brightpath, DEMO_USERS.olu, 'AIMS_MANAGER', {
    name: 'Churn predictor',
    purpose: 'Flags subscription customers likely to cancel so account managers can reach out.',
    lifecycleStage: 'DEVELOPMENT',
    aiRoles: ['DEVELOPER'],
    provenance: 'INTERNAL',
  });
  // I9, D2: the triage assistant, in USE, is classed on the system itself; emergency
  // healthcare patient triage is Annex III 5(d), and the hospital deploys it.
  await setEuAiActProfile(
    { tenantId: acme.id, actorId: DEMO_USERS.alex.sub, role: 'AIMS_MANAGER' },
    {
      aiSystemId: triage.id,
      expectedVersion: triage.version,
      profile: {
        operatorRole: 'DEPLOYER',
        highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'd' },
        transparencyArt50: [],
        publicBodyOrPublicService: true,
        reasons: [
          'Prioritises incoming patient messages, some describing emergencies: emergency healthcare patient triage (Annex III 5(d))',
          'The vendor provides the model; the hospital puts it into service under its own authority, so it is the deployer',
          'A hospital providing healthcare is a private entity providing a public service (Art. 27)',
        ],
        assessedOn: '2026-01-15',
      },
    },
    { store: await tenantStore(acme, deps.clients), clock: deps.clock, ids: deps.ids },
  );
  const acmePeople = {
    alex: DEMO_USERS.alex.sub,
    sam: DEMO_USERS.sam.sub,
    rafa: DEMO_USERS.rafa.sub,
    cleo: DEMO_USERS.cleo.sub,
    ines: DEMO_USERS.ines.sub,
  };
  await Promise.all([
    seedRiskWork(deps, acme, acmePeople),
    seedGovernance(deps, acme, acmePeople),
    seedOpportunities(deps, acme, acmePeople),
  ]);
  await finishDemoRiskWork(deps, acme, acmePeople);
  await approveDemoTreatmentPlan(deps, acme, acmePeople.cleo);
  await seedDocuments(deps, acme, acmePeople);
  await seedSupport(deps, acme, acmePeople);
  await seedPolicy(deps, acme, acmePeople);
  await seedContext(deps, acme, acmePeople);
  await seedReadiness(deps, acme, acmePeople.alex);
  await seedPortfolio(deps, priya, DEMO_CONSULTANCY.id, acme);
  return { consultancyId: DEMO_CONSULTANCY.id, tenants: { acme, globex, brightpath } };
}
