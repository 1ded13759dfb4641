import { readFileSync } from 'node:fs';
import { CONTROL_PLANE_AGGREGATES, TENANT_AGGREGATES } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { accessPatternRows, CONTROL_END, CONTROL_START, TABLE_END, TABLE_START } from './access-patterns';

describe('the access-pattern table in services/data/README.md', () => {
  it('is what the aggregate declarations generate (pnpm --filter @aims/data access-patterns)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = readme.split(TABLE_START)[1]?.split(TABLE_END)[0]?.trim();
    expect(block).toBe(accessPatternRows(TENANT_AGGREGATES).join('\n'));
    const control = readme.split(CONTROL_START)[1]?.split(CONTROL_END)[0]?.trim();
    expect(control).toBe(accessPatternRows(CONTROL_PLANE_AGGREGATES, '').join('\n'));
  });

  it('names every declared access pattern', () => {
    const rows = accessPatternRows(TENANT_AGGREGATES).join('\n');
    for (const decl of TENANT_AGGREGATES) {
      for (const name of Object.keys(decl.patterns)) expect(rows).toContain(`\`${name}\``);
    }
  });
});
