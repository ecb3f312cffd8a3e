// The fault proxy as its own process for pnpm bench:chaos: prints the control API's URL on stdout, stops on stdin EOF.
import { startChaosServer } from '../src/index.js';

const server = await startChaosServer({ listen: '127.0.0.1:0' });
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
