// Demo document register for Acme Health, two months in (7.5, §3.6.4, §3.13):
// the risk treatment procedure (D-06) approved by the AIMS manager, the impact
// assessment procedure (D-09) waiting in review for top management, a data
// management procedure for A.7 still in draft and too long (PROCEDURE_TOO_LONG),
// the EU AI Act held as an external document with its source and hash, and a
// licensed copy of ISO/IEC 42001 nobody has identified (EXTERNAL_ORIGIN_UNCONTROLLED).
// Scope, policy, objectives and most records stay MISSING, as they would be.
import {
  approveControlledDocument,
  type Clock,
  type ControlledDocument,
  createControlledDocument,
  SoaEntries,
  type Tenant,
  transitionControlledDocument,
  updateSoaEntry,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

export async function seedDocuments(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa' | 'cleo', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const memberRole = async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null;
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const day = (offset: number) =>
    new Date(deps.clock.now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const ports = (daysAgo: number) => ({ store, memberRole, clock: at(daysAgo), ids: deps.ids });
  const manager = { tenantId: acme.id, actorId: users.alex, role: 'AIMS_MANAGER' as const };
  const riskOwner = { tenantId: acme.id, actorId: users.rafa, role: 'AI_RISK_OWNER' as const };
  const submit = (d: ControlledDocument, daysAgo: number) =>
    transitionControlledDocument(
      riskOwner,
      { id: d.id, expectedVersion: d.version, status: 'IN_REVIEW' },
      ports(daysAgo),
    );
  const approve = (d: ControlledDocument, daysAgo: number, comment: string) =>
    approveControlledDocument(manager, { id: d.id, expectedVersion: d.version, comment }, ports(daysAgo));

  const treatment = await createControlledDocument(
    riskOwner,
    {
      docCode: 'PR-06',
      title: 'AI risk treatment procedure',
      type: 'PROCEDURE',
      mandatoryRef: 'D-06',
      annexAControls: [],
      ownerUserId: users.rafa,
      retentionPeriod: '3 years after superseded',
      classification: 'INTERNAL',
      storage: {
        url: 'https://intranet.acme-health.example/aims/PR-06-risk-treatment.pdf',
        sha256: '3f9a1c0e5b7d2a4f6e8c1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a',
      },
      distribution: ['AI risk owner', 'AI governance committee', 'AI system owners'],
      wordCount: 2100,
    },
    ports(30),
  );
  await approve(await submit(treatment, 25), 20, 'Matches the methodology approved at kickoff');

  const impact = await createControlledDocument(
    manager,
    {
      docCode: 'PR-09',
      title: 'AI system impact assessment procedure',
      type: 'PROCEDURE',
      mandatoryRef: 'D-09',
      procedureKind: 'IMPACT_ASSESSMENT',
      annexAControls: ['A.5.2', 'A.5.3'],
      ownerUserId: users.alex,
      retentionPeriod: '3 years after superseded',
      classification: 'INTERNAL',
      storage: { url: 'https://intranet.acme-health.example/aims/PR-09-impact-assessment.pdf' },
      distribution: ['AI system owners', 'Clinical safety'],
      wordCount: 1800,
    },
    ports(12),
  );
  await submit(impact, 3);

  // The readmission model is trained in-house on patient records: data quality (A.7.4) applies.
  const dataQuality = await store.get(SoaEntries, { controlId: 'A.7.4' });
  if (!dataQuality) {
    await updateSoaEntry(
      manager,
      {
        controlId: 'A.7.4',
        expectedVersion: 0,
        applicable: true,
        justification: 'The readmission model is trained in-house on patient records',
        reasons: ['RISK_TREATMENT'],
      },
      { ...ports(10), isMember: async (id: string) => !!(await memberRole(id)) },
    );
  }
  await createControlledDocument(
    manager,
    {
      docCode: 'PR-07',
      title: 'Data management procedure for AI systems',
      type: 'PROCEDURE',
      annexAControls: ['A.7.2', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6'],
      ownerUserId: users.sam,
      retentionPeriod: '5 years after superseded',
      classification: 'CONFIDENTIAL',
      storage: { url: 'https://intranet.acme-health.example/aims/PR-07-data-management.docx' },
      distribution: ['Data science'],
      wordCount: 5200,
    },
    ports(8),
  );

  const aiAct = await createControlledDocument(
    riskOwner,
    {
      docCode: 'EXT-01',
      title: 'EU AI Act, Regulation (EU) 2024/1689 (Official Journal text)',
      type: 'EXTERNAL',
      ownerUserId: users.alex,
      nextReviewOn: day(120),
      retentionPeriod: 'While in force, plus 3 years',
      classification: 'PUBLIC',
      storage: {
        url: 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj',
        sha256: '9c1e3a5b7d9f1b3d5e7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d',
      },
      distribution: ['Legal', 'AIMS manager', 'AI governance committee'],
    },
    ports(28),
  );
  await approve(await submit(aiAct, 27), 26, 'Version held for the high-risk classification of triage');

  await createControlledDocument(
    manager,
    {
      docCode: 'EXT-02',
      title: 'ISO/IEC 42001:2023 (licensed copy)',
      type: 'EXTERNAL',
      ownerUserId: users.alex,
      retentionPeriod: 'While the licence runs',
      classification: 'CONFIDENTIAL',
      storage: { url: 'https://intranet.acme-health.example/standards/iso-iec-42001-2023.pdf' },
      distribution: ['AIMS manager'],
    },
    ports(40),
  );
}
