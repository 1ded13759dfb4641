// Section 6: one page of 100 of each register added by issue 11, through the
// real Lambda handler against DynamoDB Local, on tenants with N records in each
// register. Timings at the largest N; DynamoDB requests per operation at every
// N. A count that grows from a full page (200) to 1,000 records grows with the
// data (a Scan or reading the whole register); one that grows from 10 to 200
// grows with the page (a per-item read the loaders should batch). Items read
// are counted too: a flat request count can still return the whole register.
import { DEMO_USERS } from '@aims/api/local';
import { type RegisterTenant, seedRegisterTenant } from './registers-dataset';
import { benchStack, printTable, summarise } from './support';

const SCALES = (process.env.BENCH_REGISTER_SCALES ?? '10,200,1000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARM_UP = 5;

const page = (fields: string) => `edges { node { ${fields} } } pageInfo { hasNextPage endCursor }`;

interface RegisterOperation {
  name: string;
  query: (t: RegisterTenant) => string;
}

export const REGISTER_OPERATIONS: RegisterOperation[] = [
  {
    name: 'contextIssues page 100 + systems',
    query: () =>
      `{ contextIssues(first: 100) { ${page('id title relevance status reviewOn aiSystems { name }')} } }`,
  },
  {
    name: 'interestedParties page 100 + requirements, systems',
    query: () =>
      `{ interestedParties(first: 100) { ${page('id name type requirements { text addressedByAims } aiSystems { name }')} } }`,
  },
  {
    name: 'policyDocuments page 100 + creator',
    query: () =>
      `{ policyDocuments(first: 100) { ${page('id title kind status versionNumber wordCount createdBy { email }')} } }`,
  },
  {
    name: 'aiObjectives page 100 + owner appointment',
    query: () =>
      `{ aiObjectives(first: 100) { ${page('id title status target dueOn progress owner { kind user { email } }')} } }`,
  },
  {
    name: 'competenceRecords page 100 + user, assessor',
    query: () =>
      `{ competenceRecords(first: 100) { ${page('id area level assessedOn user { email } assessedBy { email }')} } }`,
  },
  {
    name: 'competenceMatrix page 100',
    query: () =>
      `{ competenceMatrix(first: 100) { ${page('user { email } cells { area heldLevel requiredLevel }')} } }`,
  },
  {
    name: 'trainingAssignments page 100 + user, course',
    query: () =>
      `{ trainingAssignments(first: 100) { ${page('id reason dueOn overdue user { email } course { title }')} } }`,
  },
  {
    name: 'communicationPlan page 100',
    query: () =>
      `{ communicationPlan(first: 100) { ${page('id subject direction audience channel lastSentOn nextDueOn')} } }`,
  },
  {
    name: 'controlledDocuments page 100 + owner',
    query: () =>
      `{ controlledDocuments(first: 100) { ${page('id docCode title status revision owner { email }')} } }`,
  },
  {
    name: 'documentChecklist page 100',
    query: () =>
      `{ documentChecklist(first: 100) { ${page('ref kind title status evidence { __typename }')} } }`,
  },
  {
    name: 'customControls page 100',
    query: () => `{ customControls(first: 100) { ${page('id title source')} } }`,
  },
  {
    name: 'aiOpportunities page 100 + systems',
    query: () => `{ aiOpportunities(first: 100) { ${page('id title priority status aiSystems { name }')} } }`,
  },
  {
    name: 'committees page 100 + 3 meetings each',
    query: () =>
      `{ committees(first: 100) { ${page('id name nextMeetingDue meetings(first: 3) { edges { node { heldOn } } }')} } }`,
  },
  {
    name: 'committee meetings page 100 + attendees',
    query: (t) =>
      `{ committee(id: "${t.committeeId}") { meetings(first: 100) { ${page('id heldOn minutesRef attendees { email }')} } } }`,
  },
];

function growth(calls: Record<number, number>, from: number, to: number): string {
  return (calls[to] ?? 0) > (calls[from] ?? 0) ? 'YES' : 'no';
}

export async function registersBench() {
  const stack = await benchStack();
  try {
    const started = performance.now();
    const tenants = new Map<number, RegisterTenant>();
    for (const n of SCALES) tenants.set(n, await seedRegisterTenant(stack, n));
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(
      `\nSeeded register tenants of ${SCALES.join(', ')} records each in ${seedSeconds.toFixed(0)} s`,
    );

    const largest = Math.max(...SCALES);
    const smallest = Math.min(...SCALES);
    const fullPage = SCALES.filter((n) => n >= 100 && n < largest).at(-1) ?? smallest;
    const rows = REGISTER_OPERATIONS.map((op) => ({
      operation: op.name,
      calls: {} as Record<number, number>,
      items: {} as Record<number, number>,
      byCommand: {} as Record<number, Record<string, number>>,
      timing: summarise([]),
    }));
    for (const n of SCALES) {
      const tenant = tenants.get(n) as RegisterTenant;
      const gql = await stack.client(DEMO_USERS.alex, tenant.tenantId);
      for (const [i, op] of REGISTER_OPERATIONS.entries()) {
        const row = rows[i] as (typeof rows)[number];
        const run = () => gql(op.query(tenant));
        for (let w = 0; w < (n === largest ? WARM_UP : 1); w++) await run();
        const counted = await stack.callsOf(run);
        row.calls[n] = counted.calls;
        row.items[n] = counted.items;
        row.byCommand[n] = counted.byCommand;
        if (n === largest) row.timing = summarise((await stack.measure(ROUNDS, run)).times);
      }
    }
    printTable(
      `6. Registers of issue 11: one page of 100 through the handler — p50/p95 at ${largest} records (${ROUNDS} rounds after ${WARM_UP} warm-up), DynamoDB requests at ${SCALES.join(', ')} records`,
      rows.map((r) => ({
        operation: r.operation,
        'p50 ms': r.timing.p50.toFixed(1),
        'p95 ms': r.timing.p95.toFixed(1),
        ...Object.fromEntries(SCALES.map((n) => [`req @${n}`, r.calls[n] ?? ''])),
        ...Object.fromEntries(SCALES.map((n) => [`items @${n}`, r.items[n] ?? ''])),
        'req grow with page': growth(r.calls, smallest, fullPage),
        'req grow with N': growth(r.calls, fullPage, largest),
        'items grow with N': growth(r.items, fullPage, largest),
      })),
    );
    const growing = rows.filter(
      (r) =>
        (r.calls[largest] ?? 0) > (r.calls[fullPage] ?? 0) ||
        (r.calls[fullPage] ?? 0) > (r.calls[smallest] ?? 0) ||
        (r.items[largest] ?? 0) > (r.items[fullPage] ?? 0),
    );
    for (const r of growing) {
      console.log(
        `  GROWS: ${r.operation} — ${SCALES.map((n) => `@${n} ${r.items[n]} items ${JSON.stringify(r.byCommand[n])}`).join(', ')}`,
      );
    }
    return { seedSeconds, scales: SCALES, rounds: ROUNDS, operations: rows };
  } finally {
    await stack.stop();
  }
}
