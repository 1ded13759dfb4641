// The evidence cap of one readiness item (§3.12.2 "Evidence cap", §3.12.3 c_i):
// the highest answer the tenant's records support. A rule returns null when its
// module has no records yet: the item then stays self-declared.

export interface EvidenceCap {
  itemId: string;
  /** 0..5 on the §3.12.1 scale. */
  cap: number;
  /** A short human reason, e.g. "scope approved, every system in or out". */
  basis: string;
}

export const evidenceCap = (itemId: string, cap: number, basis: string): EvidenceCap => ({
  itemId,
  cap,
  basis,
});

/** "n of m" for a basis. */
export const share = (n: number, m: number) => `${n} of ${m}`;

/** n / m, 1 for an empty set (nothing left to cover). */
export const ratio = (n: number, m: number) => (m ? n / m : 1);
