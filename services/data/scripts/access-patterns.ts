// Rewrites the generated access-pattern tables in services/data/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { CONTROL_PLANE_AGGREGATES, TENANT_AGGREGATES } from '@aims/core';
import {
  accessPatternRows,
  CONTROL_END,
  CONTROL_START,
  TABLE_END,
  TABLE_START,
  withBlock,
} from '../src/access-patterns';

const path = new URL('../README.md', import.meta.url);
let readme = readFileSync(path, 'utf8');
readme = withBlock(readme, TABLE_START, TABLE_END, accessPatternRows(TENANT_AGGREGATES));
readme = withBlock(readme, CONTROL_START, CONTROL_END, accessPatternRows(CONTROL_PLANE_AGGREGATES, ''));
writeFileSync(path, readme);
console.log('services/data/README.md: access-pattern tables regenerated');
