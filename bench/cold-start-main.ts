// pnpm bench:cold: the cold-start bench alone.
import { coldStartBench } from './cold-start';

const runs = Number(process.argv[2] ?? 15);
coldStartBench({ runs }).catch((error) => {
  console.error(error);
  process.exit(1);
});
