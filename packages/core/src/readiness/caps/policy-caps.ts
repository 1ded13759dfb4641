// AI policy caps (RQ-09, RQ-10, RQ-38) from the policy register: completeness
// is the policy module's own rule (policyCompleteness), communication its
// acknowledgement rate (acknowledgementStats), length its TOO_LONG warning.
import { ACK_RATE_EXPECTED, type PolicyDocument, policyCompleteness } from '../../policy/policy';
import type { AcknowledgementStats } from '../../policy/query-policies';
import { type EvidenceCap, evidenceCap, share } from './evidence-cap';

const inForce = (p: Pick<PolicyDocument, 'status'>) => p.status === 'APPROVED' || p.status === 'PUBLISHED';

/**
 * RQ-09: an AI policy in force (approved or published) missing no required
 * element ⇒ 4; in force but incomplete, or only a draft ⇒ 2. `policies` are
 * the register's rows and the published versions (a newer draft may sit over
 * the version in force).
 */
export function rq09AiPolicy(policies: readonly PolicyDocument[], today: string): EvidenceCap | null {
  const ai = policies.filter((p) => p.kind === 'AI_POLICY');
  if (!ai.length) return null;
  const current = ai.find(inForce);
  if (!current) return evidenceCap('RQ-09', 2, 'AI policy drafted, not approved');
  const { missing } = policyCompleteness(current, { today });
  return missing.length
    ? evidenceCap('RQ-09', 2, `AI policy approved but missing ${missing.join(', ')}`)
    : evidenceCap('RQ-09', 4, 'AI policy approved with every required element');
}

/** RQ-38: no policy flagged TOO_LONG (over about two pages) ⇒ 4, else 2. */
export function rq38ConcisePolicies(policies: readonly PolicyDocument[], today: string): EvidenceCap | null {
  if (!policies.length) return null;
  const long = policies.filter((p) =>
    policyCompleteness(p, { today }).warnings.some((w) => w.code === 'TOO_LONG'),
  );
  return long.length
    ? evidenceCap(
        'RQ-38',
        2,
        `${long.length} policy version(s) too long: ${long.map((p) => p.title).join(', ')}`,
      )
    : evidenceCap('RQ-38', 4, 'no policy longer than about two pages');
}

/**
 * RQ-10: the published AI policy acknowledged by ≥ 80 % of its audience and
 * referring to ≥ 1 other policy or document ⇒ 4; published short of either ⇒ 2;
 * an AI policy not yet published ⇒ 1 (only a published version can be
 * acknowledged, so nothing shows it was communicated). `acknowledgements` are
 * the published version's stats, null when the audience is unknown: then the
 * rate cannot be read and the item stays self-declared.
 */
export function rq10PolicyCommunication(input: {
  hasAiPolicy: boolean;
  published: Pick<PolicyDocument, 'references'> | null;
  acknowledgements: AcknowledgementStats | null;
}): EvidenceCap | null {
  if (!input.hasAiPolicy) return null;
  if (!input.published) return evidenceCap('RQ-10', 1, 'AI policy not published: nothing to acknowledge');
  const stats = input.acknowledgements;
  if (!stats) return null;
  const rate = stats.rate ?? 0;
  const references = input.published.references.length;
  const basis = `acknowledged by ${Math.round(rate * 100)} % (${share(stats.acknowledged, stats.audienceSize)}), ${references} reference(s) to other policies`;
  return evidenceCap('RQ-10', rate >= ACK_RATE_EXPECTED && references >= 1 ? 4 : 2, basis);
}
