// Inventory benchmark: latency of the real Lambda handler against DynamoDB Local
// for listing pages (with owners batched) and for a versioned update with its
// change record. Prints figures; asserts nothing. Run: ./run bench
import { DEMO_USERS } from '../services/api/src/local/seed';
import { benchStack, stats } from './support';

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

export async function inventoryBench() {
  const stack = await benchStack();
  try {
    const gql = await stack.client(DEMO_USERS.alex, stack.demo.tenants.acme.id);
    const register = `mutation($i: RegisterAiSystemInput!) { registerAiSystem(input: $i) { id version } }`;
    const created = await stack.measure(SYSTEMS, (i) =>
      gql(register, {
        i: {
          name: `Bench system ${String(i).padStart(4, '0')}`,
          purpose: 'Benchmark',
          lifecycleStage: ['DEVELOPMENT', 'DEPLOYMENT', 'USE'][i % 3],
          provenance: 'INTERNAL',
          ownerId: i % 2 ? DEMO_USERS.sam.sub : DEMO_USERS.alex.sub,
        },
      }),
    );
    console.log(`Inventory — ${SYSTEMS} systems in one tenant, DynamoDB Local, node ${process.version}`);
    console.log(`registerAiSystem (item + change record, one transaction): ${stats(created.times)}`);

    const list = `query($n: Int, $after: String, $f: AiSystemFilter) {
      aiSystems(first: $n, after: $after, filter: $f) { edges { node { id name owner { email } } } pageInfo { endCursor hasNextPage } } }`;
    for (const [label, size, filter] of [
      ['first page, 20, owners', 20, null],
      ['first page, 100, owners', 100, null],
      ['stage filter, 50', 50, { lifecycleStage: 'USE' }],
      ['stage+provenance filter, 50', 50, { lifecycleStage: 'USE', provenance: 'INTERNAL' }],
    ] as const) {
      const run = await stack.measure(ROUNDS, () => gql(list, { n: size, f: filter }));
      console.log(
        `aiSystems ${label.padEnd(30)} ${stats(run.times)}  DynamoDB calls/request ${run.callsPerRun.toFixed(1)}`,
      );
    }

    let after: string | null = null;
    let pages = 0;
    const walk = await stack.measure(1, async () => {
      do {
        const data: any = await gql(list, { n: 50, after });
        after = data.aiSystems.pageInfo.hasNextPage ? data.aiSystems.pageInfo.endCursor : null;
        pages++;
      } while (after);
    });
    console.log(`walk all pages of 50: ${pages} pages in ${walk.times[0]?.toFixed(0)} ms`);

    const first: any = await gql(list, { n: 1 });
    const id = first.aiSystems.edges[0].node.id;
    let version = 1;
    const update = `mutation($i: UpdateAiSystemInput!) { updateAiSystem(input: $i) { version } }`;
    const updates = await stack.measure(ROUNDS, async (r) => {
      const data: any = await gql(update, { i: { id, expectedVersion: version, purpose: `Benchmark ${r}` } });
      version = data.updateAiSystem.version;
    });
    console.log(`updateAiSystem (versioned put + change record): ${stats(updates.times)}`);
  } finally {
    await stack.stop();
  }
}
