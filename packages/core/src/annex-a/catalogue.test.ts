import { describe, expect, it } from 'vitest';
import {
  ANNEX_A_CONTROLS,
  CATALOGUE_VERSION,
  CLAUSE_REQUIREMENTS,
  CONTROL_OBJECTIVES,
  CONTROL_THEMES,
  compareControlIds,
  getControl,
  isControlId,
} from './catalogue';

// Written out by hand so a slip in the catalogue cannot also slip into the check.
const EXPECTED_CONTROL_IDS = [
  'A.2.2',
  'A.2.3',
  'A.2.4',
  'A.3.2',
  'A.3.3',
  'A.4.2',
  'A.4.3',
  'A.4.4',
  'A.4.5',
  'A.4.6',
  'A.5.2',
  'A.5.3',
  'A.5.4',
  'A.5.5',
  'A.6.1.2',
  'A.6.1.3',
  'A.6.2.2',
  'A.6.2.3',
  'A.6.2.4',
  'A.6.2.5',
  'A.6.2.6',
  'A.6.2.7',
  'A.6.2.8',
  'A.7.2',
  'A.7.3',
  'A.7.4',
  'A.7.5',
  'A.7.6',
  'A.8.2',
  'A.8.3',
  'A.8.4',
  'A.8.5',
  'A.9.2',
  'A.9.3',
  'A.9.4',
  'A.10.2',
  'A.10.3',
  'A.10.4',
];

const EXPECTED_CLAUSE_IDS = [
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '5.1',
  '5.2',
  '5.3',
  '6.1.1',
  '6.1.2',
  '6.1.3',
  '6.1.4',
  '6.2',
  '6.3',
  '7.1',
  '7.2',
  '7.3',
  '7.4',
  '7.5.1',
  '7.5.2',
  '7.5.3',
  '8.1',
  '8.2',
  '8.3',
  '8.4',
  '9.1',
  '9.2.1',
  '9.2.2',
  '9.3.1',
  '9.3.2',
  '9.3.3',
  '10.1',
  '10.2',
];

const controlIds = ANNEX_A_CONTROLS.map((c) => c.id);

describe('Annex A catalogue', () => {
  it('carries a version so statements of applicability can say which catalogue they used', () => {
    expect(CATALOGUE_VERSION).toBe('iso42001-2023.2');
  });

  it('lists exactly the 38 Annex A controls in standard order', () => {
    expect(controlIds).toEqual(EXPECTED_CONTROL_IDS);
  });

  it('has no duplicate control ids', () => {
    expect(new Set(controlIds).size).toBe(controlIds.length);
  });

  it('C1 groups controls under ten objectives in nine topics: A.6.1 and A.6.2 are two objectives under topic A.6', () => {
    expect(CONTROL_OBJECTIVES.map((o) => o.id)).toEqual([
      'A.2',
      'A.3',
      'A.4',
      'A.5',
      'A.6.1',
      'A.6.2',
      'A.7',
      'A.8',
      'A.9',
      'A.10',
    ]);
    for (const objective of CONTROL_OBJECTIVES) {
      const members = ANNEX_A_CONTROLS.filter((c) => c.objective === objective.id);
      expect(members.length, objective.id).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(CONTROL_OBJECTIVES.map((o) => o.topic)).size).toBe(9);
    expect(CONTROL_OBJECTIVES.filter((o) => o.topic === 'A.6').map((o) => o.id)).toEqual(['A.6.1', 'A.6.2']);
    expect(ANNEX_A_CONTROLS.filter((c) => c.objective === 'A.6.1').map((c) => c.id)).toEqual([
      'A.6.1.2',
      'A.6.1.3',
    ]);
  });

  it('files every control under the objective its id starts with', () => {
    const objectiveIds = new Set(CONTROL_OBJECTIVES.map((o) => o.id));
    for (const control of ANNEX_A_CONTROLS) {
      expect(objectiveIds.has(control.objective), control.id).toBe(true);
      expect(control.id.startsWith(`${control.objective}.`), control.id).toBe(true);
    }
  });

  it('gives every control a title, substantial guidance and at least one known theme', () => {
    const themes = new Set<string>(CONTROL_THEMES);
    for (const control of ANNEX_A_CONTROLS) {
      expect(control.title.trim(), control.id).not.toBe('');
      expect(control.guidance.length, control.id).toBeGreaterThanOrEqual(60);
      expect(control.themes.length, control.id).toBeGreaterThanOrEqual(1);
      expect(new Set(control.themes).size, control.id).toBe(control.themes.length);
      for (const theme of control.themes) expect(themes.has(theme), `${control.id} ${theme}`).toBe(true);
    }
    for (const objective of CONTROL_OBJECTIVES) expect(objective.title.trim(), objective.id).not.toBe('');
  });

  it('lists exactly the 32 clause requirements of Clauses 4 to 10 without duplicates', () => {
    const ids = CLAUSE_REQUIREMENTS.map((r) => r.id);
    expect(ids).toEqual(EXPECTED_CLAUSE_IDS);
    expect(new Set(ids).size).toBe(32);
  });

  it('numbers each clause requirement under its own clause and gives it a title and guidance', () => {
    for (const requirement of CLAUSE_REQUIREMENTS) {
      expect(requirement.id.split('.')[0], requirement.id).toBe(String(requirement.clause));
      expect(requirement.title.trim(), requirement.id).not.toBe('');
      expect(requirement.guidance.length, requirement.id).toBeGreaterThanOrEqual(60);
    }
  });

  it('looks controls up by id', () => {
    expect(getControl('A.6.2.4').objective).toBe('A.6.2');
    expect(getControl('A.10.3')).toBe(ANNEX_A_CONTROLS.find((c) => c.id === 'A.10.3'));
    expect(getControl('A.6.2.9')).toBeUndefined();
  });

  it('recognises catalogue control ids and rejects anything else', () => {
    for (const id of EXPECTED_CONTROL_IDS) expect(isControlId(id)).toBe(true);
    for (const s of ['A.1.1', 'A.6.2.9', 'A.6', 'a.2.2', ' A.2.2', '6.1.2', '', 'toString', null, 22]) {
      expect(isControlId(s), String(s)).toBe(false);
    }
  });
});

describe('compareControlIds', () => {
  it('compares segments as numbers, so A.10 comes after A.9 and A.6.2.10 after A.6.2.9', () => {
    expect(compareControlIds('A.10.2', 'A.9.4')).toBeGreaterThan(0);
    expect(compareControlIds('A.6.2.9', 'A.6.2.10')).toBeLessThan(0);
    expect(compareControlIds('A.2.2', 'A.2.2')).toBe(0);
  });

  it('puts a shorter id before the longer ids it prefixes', () => {
    expect(compareControlIds('A.6', 'A.6.1.2')).toBeLessThan(0);
    expect(compareControlIds('A.6.2.8', 'A.7.2')).toBeLessThan(0);
  });

  it('restores catalogue order from any shuffle', () => {
    const shuffled = [...controlIds].reverse();
    expect(shuffled.sort(compareControlIds)).toEqual(controlIds);
    expect([...controlIds].sort(compareControlIds)).toEqual(controlIds);
  });

  it('orders clause requirement ids too', () => {
    const ids = CLAUSE_REQUIREMENTS.map((r) => r.id);
    expect([...ids].reverse().sort(compareControlIds)).toEqual(ids);
  });
});
