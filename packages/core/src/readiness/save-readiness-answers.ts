// The readiness questionnaire draft (§3.12.1–§3.12.2): one resumable draft per
// tenant, saved in parts (profile fields and any subset of answers) under an
// expected version, read back with progress per section.
import * as z from 'zod';
import { OPERATOR_ROLES } from '../inventory/eu-ai-act';
import { ValidationError } from '../shared/errors';
import { put, recordChange } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { multiLine, parseInput, singleLine } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { READINESS_BANK, type ReadinessItem } from './bank';
import { type ReadinessDraft, ReadinessDrafts } from './model';
import {
  EXISTING_CERTIFICATIONS,
  type ReadinessAnswer,
  type ReadinessProfile,
  readinessProfileSchema,
  THIRD_PARTY_AI_TYPES,
} from './scale';
import { validateReadinessAnswers } from './score';
import { soaExcludedControls } from './take-snapshot';

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** Profile fields given are replaced; fields left out keep their saved value. */
const profileInput = z.object({
  existingCertifications: z.array(z.enum(EXISTING_CERTIFICATIONS)).optional(),
  aiSystems: z.object({ inUse: z.number().int().min(0), inDevelopment: z.number().int().min(0) }).optional(),
  thirdPartyAi: z
    .object({ inUse: z.boolean(), types: z.array(z.enum(THIRD_PARTY_AI_TYPES)).default([]) })
    .optional(),
  euNexus: z
    .object({ hasNexus: z.boolean(), operatorRoles: z.array(z.enum(OPERATOR_ROLES)).default([]) })
    .optional(),
  sector: singleLine(200).optional(),
  targetCertificationDate: isoDate.nullable().optional(),
  startDate: isoDate.nullable().optional(),
});

/** One answer as the API sends it: a value 0–5, or N/A with a justification. */
const answerInput = z
  .object({
    itemId: z.string().min(1),
    value: z.number().int('must be an integer from 0 to 5').min(0).max(5).nullish(),
    notApplicable: z.boolean().nullish(),
    justification: multiLine(2000).nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.notApplicable) {
      if (a.value != null)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'give a value or N/A, not both' });
      if (!a.justification)
        ctx.addIssue({ code: 'custom', path: ['justification'], message: 'N/A needs a justification' });
    } else if (a.value == null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'give a value from 0 to 5, or N/A' });
    }
  });

export const saveReadinessAnswersInput = z.object({
  expectedVersion: z.number().int().min(0),
  profile: profileInput.nullish(),
  answers: z.array(answerInput).max(200).nullish(),
  /** Answers to take back (the item returns to unanswered). */
  clearItemIds: z.array(z.string().min(1)).max(200).nullish(),
});

export const READINESS_SECTIONS = [
  'STEP_1',
  'STEP_2',
  'STEP_3',
  'STEP_4',
  'STEP_5',
  'STEP_6',
  'STEP_7',
  'CERTIFICATION',
  'COMMON_MISTAKES',
] as const;
export type ReadinessSection = (typeof READINESS_SECTIONS)[number];

/** The questionnaire section an item is asked in: its first guide step, else certification or mistakes. */
export function readinessSectionOf(item: Pick<ReadinessItem, 'kind' | 'steps'>): ReadinessSection {
  if (item.kind === 'MISTAKE') return 'COMMON_MISTAKES';
  const step = item.steps[0];
  return step ? (`STEP_${step}` as ReadinessSection) : 'CERTIFICATION';
}

export interface ReadinessProgress {
  answered: number;
  total: number;
  sections: { section: ReadinessSection; answered: number; total: number }[];
}

export interface ReadinessDraftView {
  draft: ReadinessDraft;
  progress: ReadinessProgress;
}

export function readinessProgress(answers: readonly Pick<ReadinessAnswer, 'itemId'>[]): ReadinessProgress {
  const done = new Set(answers.map((a) => a.itemId));
  const sections = READINESS_SECTIONS.map((section) => {
    const items = READINESS_BANK.filter((i) => readinessSectionOf(i) === section);
    return { section, answered: items.filter((i) => done.has(i.id)).length, total: items.length };
  });
  return {
    answered: READINESS_BANK.filter((i) => done.has(i.id)).length,
    total: READINESS_BANK.length,
    sections,
  };
}

/** Version 0: nothing saved yet. */
export function emptyReadinessDraft(tenantId: string, now: string): ReadinessDraft {
  return {
    tenantId,
    profile: readinessProfileSchema.parse({}),
    answers: [],
    lastSubmissionId: null,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export async function readinessDraft(
  scope: TenantScope,
  deps: Pick<StoreDeps, 'store' | 'clock'>,
): Promise<ReadinessDraftView> {
  assertCan(scope.role, 'readiness.read');
  const draft =
    (await deps.store.get(ReadinessDrafts, {})) ??
    emptyReadinessDraft(scope.tenantId, deps.clock.now().toISOString());
  return { draft, progress: readinessProgress(draft.answers) };
}

function toAnswer(a: z.infer<typeof answerInput>): ReadinessAnswer {
  return a.notApplicable
    ? { itemId: a.itemId, notApplicable: true, justification: a.justification ?? '' }
    : { itemId: a.itemId, value: a.value ?? 0 };
}

/**
 * Saves part of the questionnaire. N/A is checked against the profile as saved
 * after this call (P1, P4) and the approved SoA (§3.12.1); a saved N/A whose
 * condition a later profile change removes is dropped from scoring, not here.
 */
export async function saveReadinessAnswers(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ReadinessDraftView> {
  assertCan(scope.role, 'readiness.answer');
  const input = parseInput(saveReadinessAnswersInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const stored = await deps.store.get(ReadinessDrafts, {});
  const current = stored ?? emptyReadinessDraft(scope.tenantId, now);
  if (current.version !== input.expectedVersion)
    throw versionMismatch('ReadinessDraft', 'draft', input.expectedVersion, current.version);

  const given = Object.fromEntries(Object.entries(input.profile ?? {}).filter(([, v]) => v !== undefined));
  const profile: ReadinessProfile = readinessProfileSchema.parse({ ...current.profile, ...given });
  const answers = (input.answers ?? []).map(toAnswer);
  validateReadinessAnswers(answers, {
    profile,
    soaExcludedControls: await soaExcludedControls(deps.store),
    stage1Held: false,
  });
  const cleared = input.clearItemIds ?? [];
  const unknown = cleared.filter((id) => !READINESS_BANK.some((i) => i.id === id));
  if (unknown.length)
    throw new ValidationError([
      { path: ['input', 'clearItemIds'], message: `unknown readiness items: ${unknown.join(', ')}` },
    ]);

  const replaced = new Set([...answers.map((a) => a.itemId), ...cleared]);
  const order = new Map(READINESS_BANK.map((i, n) => [i.id, n]));
  const next: ReadinessDraft = {
    ...current,
    profile,
    answers: [...current.answers.filter((a) => !replaced.has(a.itemId)), ...answers].sort(
      (a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0),
    ),
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.store.commit([
    put(ReadinessDrafts, next, stored ? { version: current.version } : 'absent'),
    recordChange(changeOf(ReadinessDrafts, scope, stored, next, now, deps.ids)),
  ]);
  return { draft: next, progress: readinessProgress(next.answers) };
}
