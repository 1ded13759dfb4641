// Every aggregate of a tenant's data, in one list: the data README's
// access-pattern table is generated from it and checked in a test.
import {
  ContextIssues,
  ContextProfiles,
  InterestedParties,
  ScopeHeads,
  ScopeStatements,
} from './context/model';
import { CustomControls } from './controls/model';
import {
  ChecklistRefSummaries,
  ChecklistSummariesIndexed,
  ControlledDocuments,
  DocumentCodes,
  DocumentRefLinks,
} from './documents/model';
import { Appointments, CommitteeMeetingDigests, CommitteeMeetings, Committees } from './governance/model';
import {
  ImpactAssessments,
  ImpactRevisionGuards,
  ImpactRiskLinks,
  ImpactSettingsItems,
} from './impact/model';
import { AiSystems } from './inventory/model';
import { AiObjectives, ObjectiveProgressRecords } from './objectives/model';
import { AiOpportunities, OpportunitySystemLinks } from './opportunity/model';
import { ApprovedTreatmentPlans, TreatmentActions, TreatmentPlanHeads } from './plan/model';
import { PolicyAcknowledgements, PolicyDocuments } from './policy/model';
import {
  ReadinessActions,
  ReadinessDrafts,
  ReadinessRoadmaps,
  ReadinessRuns,
  ReadinessSnapshots,
  ReadinessSubmissions,
} from './readiness/model';
import { OpenReassessments, ReassessmentRequests } from './reassessment/model';
import { Reminders } from './reminders/model';
import {
  Methodologies,
  RiskActionLists,
  RiskControlLinks,
  RiskCountsStore,
  RiskSystemLinks,
  Risks,
} from './risk/model';
import type { AnyAggregate } from './shared/store';
import { ApprovedSoaEntries, ApprovedSoaHeads, SoaEntries, SoaHeads } from './soa/model';
import { SUPPORT_AGGREGATES } from './support/model';

export const TENANT_AGGREGATES: readonly AnyAggregate[] = [
  AiSystems,
  Methodologies,
  Risks,
  RiskCountsStore,
  RiskSystemLinks,
  RiskControlLinks,
  RiskActionLists,
  ImpactAssessments,
  ImpactRevisionGuards,
  ImpactRiskLinks,
  ImpactSettingsItems,
  ReassessmentRequests,
  OpenReassessments,
  SoaHeads,
  SoaEntries,
  ApprovedSoaHeads,
  ApprovedSoaEntries,
  TreatmentActions,
  TreatmentPlanHeads,
  ApprovedTreatmentPlans,
  Appointments,
  Committees,
  CommitteeMeetings,
  CommitteeMeetingDigests,
  Reminders,
  CustomControls,
  AiOpportunities,
  OpportunitySystemLinks,
  ControlledDocuments,
  DocumentCodes,
  DocumentRefLinks,
  ChecklistRefSummaries,
  ChecklistSummariesIndexed,
  ...SUPPORT_AGGREGATES,
  PolicyDocuments,
  PolicyAcknowledgements,
  AiObjectives,
  ObjectiveProgressRecords,
  ContextIssues,
  InterestedParties,
  ContextProfiles,
  ScopeStatements,
  ScopeHeads,
  ReadinessSubmissions,
  ReadinessSnapshots,
  ReadinessRoadmaps,
  ReadinessRuns,
  ReadinessDrafts,
  ReadinessActions,
];
