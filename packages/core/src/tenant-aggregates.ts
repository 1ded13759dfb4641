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
import { Appointments, CommitteeMeetings, Committees } from './governance/model';
import { ImpactAssessments, ImpactRevisionGuards, ImpactRiskLinks } from './impact/model';
import { AiSystems } from './inventory/model';
import { AiOpportunities, OpportunitySystemLinks } from './opportunity/model';
import { TreatmentActions } from './plan/model';
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
  SoaHeads,
  SoaEntries,
  ApprovedSoaHeads,
  ApprovedSoaEntries,
  TreatmentActions,
  Appointments,
  Committees,
  CommitteeMeetings,
  Reminders,
  CustomControls,
  AiOpportunities,
  OpportunitySystemLinks,
  ContextIssues,
  InterestedParties,
  ContextProfiles,
  ScopeStatements,
  ScopeHeads,
];
