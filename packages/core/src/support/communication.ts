// Communication (7.4, A.8.4, A.8.5): what is communicated, to whom, when, by
// whom and how; the log of what was actually sent; the guide's six entries as
// a template; and the two gaps an auditor would raise.
import * as z from 'zod';
import { ANNEX_A_CONTROLS, CLAUSE_REQUIREMENTS } from '../annex-a/catalogue';
import { APPOINTMENT_KINDS, type AppointmentKind } from '../governance/appointment';
import { addMonths } from '../governance/committee';
import { singleLine } from '../shared/validation';

export const COMMUNICATION_DIRECTIONS = ['INTERNAL', 'EXTERNAL'] as const;
export type CommunicationDirection = (typeof COMMUNICATION_DIRECTIONS)[number];

export const COMMUNICATION_TRIGGERS = ['INCIDENT', 'POLICY_CHANGE', 'REGULATORY', 'ON_REQUEST'] as const;
export type CommunicationTrigger = (typeof COMMUNICATION_TRIGGERS)[number];

export const COMMUNICATION_FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUALLY', 'ANNUALLY'] as const;
export type CommunicationFrequency = (typeof COMMUNICATION_FREQUENCIES)[number];
export const FREQUENCY_MONTHS: Record<CommunicationFrequency, number> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  SEMI_ANNUALLY: 6,
  ANNUALLY: 12,
};

/** When: on a schedule, or on an event; exactly one of the two. */
export interface CommunicationTiming {
  frequency: CommunicationFrequency | null;
  trigger: CommunicationTrigger | null;
}

export interface CommunicationPlanEntry {
  id: string;
  tenantId: string;
  /** What is communicated. */
  subject: string;
  direction: CommunicationDirection;
  /** To whom, in words. */
  audience: string;
  /** To whom, as interested parties of the context register (4.2). */
  interestedPartyIds: string[];
  timing: CommunicationTiming;
  /** By whom. */
  senderAppointmentKind: AppointmentKind;
  /** How. */
  channel: string;
  linkedRequirementIds: string[];
  linkedControlRefs: string[];
  /** The guide's template entry it was adopted from, if any. */
  templateCode: string | null;
  /** Date of the latest log; kept on the entry so the missed-schedule check reads no logs. */
  lastSentOn: string | null;
  retired: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CommunicationLog {
  id: string;
  tenantId: string;
  entryId: string;
  sentOn: string;
  summary: string;
  evidenceRef: string;
  recordedBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type CommunicationTemplate = Omit<
  CommunicationPlanEntry,
  'id' | 'tenantId' | 'lastSentOn' | 'retired' | 'version' | 'createdAt' | 'updatedAt' | 'templateCode'
> & { code: string };

const timing = (t: Partial<CommunicationTiming>): CommunicationTiming => ({
  frequency: t.frequency ?? null,
  trigger: t.trigger ?? null,
});

/** The guide's six communication plan entries (Step 5), as starting content. */
export const COMMUNICATION_TEMPLATE: readonly CommunicationTemplate[] = [
  {
    code: 'AI_RISK_REPORTING',
    subject: 'AI risk reporting to management',
    direction: 'INTERNAL',
    audience: 'Top management and the AI governance committee',
    interestedPartyIds: [],
    timing: timing({ frequency: 'QUARTERLY' }),
    senderAppointmentKind: 'AI_RISK_OWNER',
    channel: 'Risk report tabled at the committee meeting',
    linkedRequirementIds: ['6.1.2', '9.3.2'],
    linkedControlRefs: [],
  },
  {
    code: 'INCIDENT_NOTIFICATIONS',
    subject: 'AI incident notifications',
    direction: 'EXTERNAL',
    audience: 'Affected users and customers, and authorities where the law requires',
    interestedPartyIds: [],
    timing: timing({ trigger: 'INCIDENT' }),
    senderAppointmentKind: 'AIMS_MANAGER',
    channel: 'Direct email and a notice on the customer portal',
    linkedRequirementIds: ['7.4'],
    linkedControlRefs: ['A.8.4'],
  },
  {
    code: 'PERFORMANCE_UPDATES',
    subject: 'AIMS performance updates',
    direction: 'INTERNAL',
    audience: 'All staff working with AI systems',
    interestedPartyIds: [],
    timing: timing({ frequency: 'QUARTERLY' }),
    senderAppointmentKind: 'AIMS_MANAGER',
    channel: 'Intranet newsletter',
    linkedRequirementIds: ['9.1'],
    linkedControlRefs: [],
  },
  {
    code: 'STAKEHOLDER_INQUIRIES',
    subject: 'Answers to stakeholder inquiries about our AI systems',
    direction: 'EXTERNAL',
    audience: 'Customers, users and members of the public who ask',
    interestedPartyIds: [],
    timing: timing({ trigger: 'ON_REQUEST' }),
    senderAppointmentKind: 'AIMS_MANAGER',
    channel: 'Contact form and email',
    linkedRequirementIds: ['7.4'],
    linkedControlRefs: ['A.8.5'],
  },
  {
    code: 'REGULATORY_NOTIFICATIONS',
    subject: 'Regulatory notifications',
    direction: 'EXTERNAL',
    audience: 'Regulators and supervisory authorities',
    interestedPartyIds: [],
    timing: timing({ trigger: 'REGULATORY' }),
    senderAppointmentKind: 'TOP_MANAGEMENT',
    channel: "Formal letter or the regulator's portal",
    linkedRequirementIds: ['7.4'],
    linkedControlRefs: ['A.8.4', 'A.8.5'],
  },
  {
    code: 'TRANSPARENCY_DISCLOSURES',
    subject: 'Public transparency disclosures about our use of AI',
    direction: 'EXTERNAL',
    audience: 'The public',
    interestedPartyIds: [],
    timing: timing({ frequency: 'ANNUALLY' }),
    senderAppointmentKind: 'TOP_MANAGEMENT',
    channel: 'AI transparency page on the website',
    linkedRequirementIds: ['7.4'],
    linkedControlRefs: ['A.8.2', 'A.8.5'],
  },
];

/** Template entries are stored under a fixed id, so adopting twice writes nothing twice. */
export const templateEntryId = (code: string) => `TEMPLATE.${code}`;

const requirementIds = new Set(CLAUSE_REQUIREMENTS.map((c) => c.id));
const controlIds = new Set(ANNEX_A_CONTROLS.map((c) => c.id));
const date = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const version = z.number().int().min(1);

const timingInput = z
  .object({
    frequency: z.enum(COMMUNICATION_FREQUENCIES).nullish(),
    trigger: z.enum(COMMUNICATION_TRIGGERS).nullish(),
  })
  .superRefine((t, ctx) => {
    if (!t.frequency === !t.trigger) {
      ctx.addIssue({
        code: 'custom',
        path: ['frequency'],
        message: 'give exactly one of frequency or trigger',
      });
    }
  });

const refs = (known: Set<string>, what: string) =>
  z
    .array(z.string().min(1).max(32))
    .max(30, 'at most 30 entries')
    .superRefine((list, ctx) => {
      list.forEach((ref, i) => {
        if (!known.has(ref)) ctx.addIssue({ code: 'custom', path: [i], message: `is not ${what}` });
      });
    });

const entryFields = {
  subject: singleLine(300).min(1, 'must not be empty'),
  direction: z.enum(COMMUNICATION_DIRECTIONS),
  audience: singleLine(500).min(1, 'must not be empty'),
  interestedPartyIds: z.array(z.string().min(1).max(128)).max(30, 'at most 30 entries'),
  timing: timingInput,
  senderAppointmentKind: z.enum(APPOINTMENT_KINDS),
  channel: singleLine(300).min(1, 'must not be empty'),
  linkedRequirementIds: refs(requirementIds, 'a clause requirement id of the catalogue (e.g. 7.4)'),
  linkedControlRefs: refs(controlIds, 'an Annex A control id of the catalogue (e.g. A.8.4)'),
};

export const createCommunicationPlanEntryInput = z.object({
  ...entryFields,
  interestedPartyIds: entryFields.interestedPartyIds.nullish(),
  linkedRequirementIds: entryFields.linkedRequirementIds.nullish(),
  linkedControlRefs: entryFields.linkedControlRefs.nullish(),
});

export const updateCommunicationPlanEntryInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  subject: entryFields.subject.nullish(),
  direction: entryFields.direction.nullish(),
  audience: entryFields.audience.nullish(),
  interestedPartyIds: entryFields.interestedPartyIds.nullish(),
  timing: entryFields.timing.nullish(),
  senderAppointmentKind: entryFields.senderAppointmentKind.nullish(),
  channel: entryFields.channel.nullish(),
  linkedRequirementIds: entryFields.linkedRequirementIds.nullish(),
  linkedControlRefs: entryFields.linkedControlRefs.nullish(),
  retired: z.boolean().nullish(),
});

export const adoptCommunicationPlanTemplateInput = z.object({
  codes: z.array(z.enum(COMMUNICATION_TEMPLATE.map((t) => t.code) as [string, ...string[]])).nullish(),
});

export const recordCommunicationInput = z.object({
  entryId: z.string().min(1),
  sentOn: date,
  summary: singleLine(2000).min(1, 'must not be empty'),
  evidenceRef: singleLine(500).min(1, 'must not be empty'),
});

export const COMMUNICATION_GAP_CODES = [
  'EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED',
  'SCHEDULED_COMMUNICATION_MISSED',
] as const;
export type CommunicationGapCode = (typeof COMMUNICATION_GAP_CODES)[number];

export interface CommunicationGap {
  tenantId: string;
  code: CommunicationGapCode;
  explanation: string;
  entryId: string | null;
  /** SCHEDULED_COMMUNICATION_MISSED: when the next communication was due. */
  dueOn: string | null;
}

/** The date a scheduled entry must next be sent: one period after its last log, or after it was planned. */
export function nextCommunicationDue(
  e: Pick<CommunicationPlanEntry, 'timing' | 'lastSentOn' | 'createdAt'>,
): string | null {
  if (!e.timing.frequency) return null;
  return addMonths(e.lastSentOn ?? e.createdAt.slice(0, 10), FREQUENCY_MONTHS[e.timing.frequency]);
}

export function communicationGapsOf(input: {
  tenantId: string;
  entries: readonly CommunicationPlanEntry[];
  /** A.8.4 is marked applicable in the working SoA. */
  incidentControlApplicable: boolean;
  today: string;
}): CommunicationGap[] {
  const entries = input.entries.filter((e) => !e.retired);
  const gaps: CommunicationGap[] = [];
  const incidentEntry = entries.some((e) => e.direction === 'EXTERNAL' && e.timing.trigger === 'INCIDENT');
  if (input.incidentControlApplicable && !incidentEntry) {
    gaps.push({
      tenantId: input.tenantId,
      code: 'EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED',
      explanation:
        'A.8.4 is applicable in the SoA but the communication plan has no external entry triggered by an incident: who is told, by whom and how is not decided in advance.',
      entryId: null,
      dueOn: null,
    });
  }
  for (const e of entries) {
    const due = nextCommunicationDue(e);
    if (!due || input.today <= due) continue;
    const since = e.lastSentOn ? `last sent on ${e.lastSentOn}` : 'never sent since it was planned';
    gaps.push({
      tenantId: input.tenantId,
      code: 'SCHEDULED_COMMUNICATION_MISSED',
      explanation: `"${e.subject}" is due ${e.timing.frequency?.toLowerCase().replace('_', '-')} but was ${since}: the next one was due by ${due}.`,
      entryId: e.id,
      dueOn: due,
    });
  }
  return gaps;
}
