import { describe, expect, it } from 'vitest';
import {
  type EuAiActProfile,
  euAiActProfileInput,
  euAiActViewClass,
  friaRequired,
  type HighRiskClassification,
} from './eu-ai-act';

const profile = (
  extra: Partial<EuAiActProfile> = {},
  highRisk: Partial<HighRiskClassification> = {},
): EuAiActProfile => ({
  operatorRole: 'DEPLOYER',
  prohibitedPractice: null,
  highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'b', art63Derogation: null, ...highRisk },
  transparencyArt50: [],
  gpai: { isGpaiModel: false, systemicRisk: false },
  publicBodyOrPublicService: false,
  reasons: ['Scores creditworthiness of applicants'],
  assessedBy: 'u1',
  assessedOn: '2026-03-01',
  ...extra,
});

describe('I6 EU AI Act profile on the AI system (Art. 27)', () => {
  it('§3.4 / I9: a provider of an Annex III 5(b) system → friaRequired false', () => {
    expect(friaRequired(profile({ operatorRole: 'PROVIDER' }))).toBe(false);
  });

  it('§3.4 / I9: a deployer bank on Annex III 5(b) → friaRequired true', () => {
    expect(friaRequired(profile())).toBe(true);
  });

  it('§3.4 / I9: a public-body deployer on Annex III 2 → friaRequired false', () => {
    expect(
      friaRequired(profile({ publicBodyOrPublicService: true }, { annexIIIPoint: '2', subPoint: null })),
    ).toBe(false);
  });

  it('§3.4: public-service deployers of other points, and 5(c) deployers, need one; Annex I, 5(a) private deployers and a claimed Art. 6(3) derogation do not', () => {
    expect(
      friaRequired(profile({ publicBodyOrPublicService: true }, { annexIIIPoint: '4', subPoint: null })),
    ).toBe(true);
    expect(friaRequired(profile({}, { subPoint: 'c' }))).toBe(true);
    expect(friaRequired(profile({}, { subPoint: 'a' }))).toBe(false);
    expect(
      friaRequired(
        profile(
          { publicBodyOrPublicService: true },
          { basis: 'ANNEX_I', annexIIIPoint: null, subPoint: null },
        ),
      ),
    ).toBe(false);
    const derogation = {
      claimed: true,
      reasoning: 'Only a preparatory task (Art. 6(3)(d))',
      documentedOn: '2026-02-01',
    };
    expect(friaRequired(profile({}, { art63Derogation: derogation }))).toBe(false);
    expect(friaRequired(null)).toBe(false);
  });

  it('I7: transparency duties sit alongside HIGH; GPAI is its own axis; the view lists the most severe class', () => {
    expect(euAiActViewClass(profile({ transparencyArt50: ['CHATBOT'] }))).toBe('HIGH');
    expect(euAiActViewClass(profile({ highRisk: null, transparencyArt50: ['CHATBOT'] }))).toBe(
      'TRANSPARENCY',
    );
    expect(
      euAiActViewClass(profile({ highRisk: null, gpai: { isGpaiModel: true, systemicRisk: false } })),
    ).toBe('GPAI');
    expect(euAiActViewClass(profile({ prohibitedPractice: 'ART5_F' }))).toBe('PROHIBITED');
    expect(euAiActViewClass(profile({ highRisk: null }))).toBe('MINIMAL');
    expect(euAiActViewClass(null)).toBe('UNASSESSED');
  });

  it('I7: an Annex III basis names its point; the derogation is for Annex III only; systemic risk needs a GPAI model', () => {
    const base = {
      operatorRole: 'PROVIDER',
      publicBodyOrPublicService: false,
      reasons: ['why'],
      assessedOn: '2026-03-01',
    };
    const paths = (input: unknown) =>
      euAiActProfileInput.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({ ...base, highRisk: { basis: 'ANNEX_III' } })).toEqual(['highRisk.annexIIIPoint']);
    expect(
      paths({
        ...base,
        highRisk: {
          basis: 'ANNEX_I',
          art63Derogation: { claimed: true, reasoning: 'x'.repeat(30), documentedOn: '2026-01-01' },
        },
      }),
    ).toEqual(['highRisk.basis']);
    expect(paths({ ...base, gpai: { isGpaiModel: false, systemicRisk: true } })).toEqual([
      'gpai.systemicRisk',
    ]);
    expect(paths({ ...base, prohibitedPractice: 'ART5_Z' })).toEqual(['prohibitedPractice']);
  });
});
