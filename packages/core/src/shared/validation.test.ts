import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { registerAiSystemInput } from '../inventory/ai-system';
import { createActionInput } from '../plan/treatment-plan';
import { acceptResidualRiskInput, createRiskInput } from '../risk/risk';
import { updateSoaEntryInput } from '../soa/statement-of-applicability';
import { signUpSelfServiceInput } from '../tenancy/model';
import { ValidationError } from './errors';
import { multiLine, parseInput, singleLine } from './validation';

const schema = z.object({ name: singleLine(200).min(1), notes: multiLine(4000).nullish() });

function refused(input: unknown) {
  try {
    parseInput(schema, input, ['input']);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).fieldErrors;
  }
  return expect.unreachable('the input was accepted');
}

describe('singleLine and multiLine', () => {
  it('accept ordinary Unicode, trimmed', () => {
    expect(
      parseInput(schema, { name: '  Café – Ünïcode 日本語 🙂 ', notes: 'Line one\n\tLine two\r\n' }),
    ).toEqual({ name: 'Café – Ünïcode 日本語 🙂', notes: 'Line one\n\tLine two' });
  });

  it('refuse a NUL at the field path, as BAD_USER_INPUT', () => {
    const errors = refused({ name: 'Chat\u0000bot' });
    expect(errors).toEqual([
      { path: ['input', 'name'], message: expect.stringMatching(/U\+0000 at position 5/) },
    ]);
    expect(new ValidationError(errors).code).toBe('BAD_USER_INPUT');
  });

  it('refuse a right-to-left override, even in multi-line text', () => {
    expect(refused({ name: 'invoice\u202Efdp.exe' })).toEqual([
      { path: ['input', 'name'], message: expect.stringMatching(/bidi-override.*U\+202E/) },
    ]);
    expect(refused({ name: 'ok', notes: 'fine\n\u2066isolated\u2069' })[0]?.path).toEqual(['input', 'notes']);
  });

  it('refuse line breaks and tabs in a single line, but not in multi-line text', () => {
    for (const name of ['two\nlines', 'a\ttab', 'cr\rhere']) {
      expect(refused({ name })[0]?.message).toMatch(/single line/);
    }
  });

  it('refuse every C0 and C1 control and DEL, wherever it is', () => {
    const forbidden = fc.oneof(
      fc.integer({ min: 0x00, max: 0x1f }).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)),
      fc.integer({ min: 0x7f, max: 0x9f }),
      fc.integer({ min: 0x202a, max: 0x202e }),
      fc.integer({ min: 0x2066, max: 0x2069 }),
    );
    fc.assert(
      fc.property(fc.string(), forbidden, fc.string(), (before, c, after) => {
        const text = `x${before}${String.fromCharCode(c)}${after}x`;
        expect(singleLine(10_000).safeParse(text).success).toBe(false);
        expect(multiLine(10_000).safeParse(text).success).toBe(false);
      }),
    );
  });

  it('still enforces the length limit', () => {
    expect(refused({ name: 'x'.repeat(201) })[0]?.message).toBe('at most 200 characters');
  });
});

describe('the input schemas', () => {
  const rlo = '\u202E';
  const cases: [string, z.ZodType, Record<string, unknown>, string][] = [
    [
      'AI system name',
      registerAiSystemInput,
      { name: `Chat${rlo}bot`, purpose: 'p', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      'name',
    ],
    ['risk title', createRiskInput, { title: `Bias\u0000risk` }, 'title'],
    ['organisation name', signUpSelfServiceInput, { organisationName: `Acme${rlo}` }, 'organisationName'],
    ['action title', createActionInput, { title: `Retrain\u0085model` }, 'title'],
    [
      'acceptance justification',
      acceptResidualRiskInput,
      { option: 'ACCEPT', justification: `Accepted because ${rlo}reasons` },
      'justification',
    ],
    [
      'SoA justification',
      updateSoaEntryInput,
      { justification: `Not needed\u0007 here at all` },
      'justification',
    ],
  ];

  it.each(cases)('refuse control characters in the %s at its path', (_, schema, input, field) => {
    try {
      parseInput(schema, input, ['input']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).code).toBe('BAD_USER_INPUT');
      expect((e as ValidationError).fieldErrors).toContainEqual({
        path: ['input', field],
        message: expect.stringMatching(/control or bidi-override/),
      });
    }
  });
});
