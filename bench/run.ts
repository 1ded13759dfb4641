// ./run bench: every benchmark, one after the other.
import { inventoryBench } from './inventory-list';
import { riskBench } from './risk-register';

async function main() {
  await inventoryBench();
  console.log('');
  await riskBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
