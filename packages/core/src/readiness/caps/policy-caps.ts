// AI policy caps (RQ-09, RQ-38) from the policy register: completeness is the
// policy module's own rule (policyCompleteness), length its TOO_LONG warning.
import { type PolicyDocument, policyCompleteness } from '../../policy/policy';
import { type EvidenceCap, evidenceCap } from './evidence-cap';

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
