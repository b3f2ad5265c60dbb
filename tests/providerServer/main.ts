/**
 * Starts the provider test server for e2e tests and the benchmark:
 *   npx tsx tests/providerServer/main.ts --port 8787 [--key KEY] [--no-cors] [--latency MS] [--delta-delay MS]
 *     [--batch-polls N]   (answers a batch gives in each in-progress state; see batches.ts)
 * Prints its URL on the first line of stdout, then serves until killed.
 */
import { parseArgs } from 'node:util';
import { startProviderServer } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string' },
    'no-cors': { type: 'boolean', default: false },
    models: { type: 'string' },
    latency: { type: 'string', default: '0' },
    'delta-delay': { type: 'string', default: '0' },
    'batch-polls': { type: 'string', default: '1' },
  },
});

const server = await startProviderServer({
  port: Number(values.port),
  host: values.host,
  apiKey: values.key ?? null,
  cors: !values['no-cors'],
  models: values.models?.split(',').map((m) => m.trim()),
  latencyMs: Number(values.latency),
  deltaDelayMs: Number(values['delta-delay']),
  batchPollsPerState: Number(values['batch-polls']),
});
console.log(server.url);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
