// Risk register benchmark: register pages with nested owner/systems/threshold
// (batched), the heat map and gap list over the whole register, and the SoA
// consistency check. Prints figures; asserts nothing.
import { DEMO_USERS } from '../services/api/src/local/seed';
import { benchStack, stats } from './support';

const RISKS = Number(process.env.BENCH_RISKS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

export async function riskBench() {
  const stack = await benchStack();
  try {
    const gql = await stack.client(DEMO_USERS.alex, stack.demo.tenants.acme.id);
    const systems = (await gql('{ aiSystems { edges { node { id } } } }')).aiSystems.edges.map(
      (e: any) => e.node.id,
    );
    const create = `mutation($i: CreateRiskInput!) { createRisk(input: $i) { id } }`;
    const created = await stack.measure(RISKS, (i) =>
      gql(create, {
        i: {
          title: `Bench risk ${i}`,
          category: ['BIAS_FAIRNESS', 'SAFETY', 'PRIVACY', 'SECURITY'][i % 4],
          ownerId: i % 2 ? DEMO_USERS.rafa.sub : DEMO_USERS.alex.sub,
          aiSystemIds: [systems[i % systems.length]],
          likelihood: (i % 5) + 1,
          impacts: [{ area: 'INDIVIDUALS', level: ((i * 3) % 5) + 1 }],
          reviewDate: '2027-06-30',
        },
      }),
    );
    console.log(`Risk register — ${RISKS} risks in one tenant, DynamoDB Local, node ${process.version}`);
    console.log(`createRisk (item + change record): ${stats(created.times)}`);

    const page = `query($n: Int, $f: RiskFilter) { risks(first: $n, filter: $f) { edges { node {
      id aboveThreshold owner { email } aiSystems { name } inherent { score band } } } } }`;
    for (const [label, size, filter] of [
      ['page of 50, nested', 50, null],
      ['band CRITICAL, 50', 50, { band: 'CRITICAL' }],
      ['category SAFETY, 50', 50, { category: 'SAFETY' }],
    ] as const) {
      const run = await stack.measure(ROUNDS, () => gql(page, { n: size, f: filter }));
      console.log(
        `risks ${label.padEnd(22)} ${stats(run.times)}  DynamoDB calls/request ${run.callsPerRun.toFixed(1)}`,
      );
    }
    const heat = await stack.measure(ROUNDS, () => gql('{ riskHeatMap { cells { inherent residual } } }'));
    console.log(
      `riskHeatMap (whole register)   ${stats(heat.times)}  DynamoDB calls/request ${heat.callsPerRun.toFixed(1)}`,
    );
    const gaps = await stack.measure(ROUNDS, () =>
      gql('{ untreatedRisksAboveThreshold(first: 50) { edges { node { id } } } }'),
    );
    console.log(
      `untreatedRisksAboveThreshold   ${stats(gaps.times)}  DynamoDB calls/request ${gaps.callsPerRun.toFixed(1)}`,
    );
    const soa = await stack.measure(ROUNDS, () =>
      gql('{ soaConsistency(first: 100) { edges { node { code } } } }'),
    );
    console.log(
      `soaConsistency                 ${stats(soa.times)}  DynamoDB calls/request ${soa.callsPerRun.toFixed(1)}`,
    );
  } finally {
    await stack.stop();
  }
}
