// Rewrites the generated access-pattern table in services/data/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { TENANT_AGGREGATES } from '@aims/core';
import { accessPatternRows, TABLE_END, TABLE_START } from '../src/access-patterns';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const [before, rest] = readme.split(TABLE_START);
const [, after] = (rest ?? '').split(TABLE_END);
if (before === undefined || after === undefined) throw new Error('README.md has no access-patterns markers');
writeFileSync(
  path,
  `${before}${TABLE_START}\n${accessPatternRows(TENANT_AGGREGATES).join('\n')}\n${TABLE_END}${after}`,
);
console.log('services/data/README.md: access-pattern table regenerated');
