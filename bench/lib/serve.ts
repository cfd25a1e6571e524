// A real Tuteur server for the benchmarks, in its own process so the load generator never competes with it
// for the event loop: buildApp with the embedded llama.cpp provider (or the fake one), SQLite in a temporary
// directory, production logging (info level, to /dev/null), N pupils seeded through the services.
// Prints one JSON line {port, logins, password} on stdout once listening; exits when stdin closes.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { keyringFromKey } from '../../src/server/crypto/keyring.ts';
import { openDatabase } from '../../src/server/db/connection.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createFakeProvider } from '../../src/server/modules/llm/fake.provider.ts';
import { createLlamaCppProvider } from '../../src/server/modules/llm/llama-cpp.provider.ts';
import type { LlmProvider } from '../../src/server/modules/llm/llm.types.ts';
import { seedSchool, seedUser, TEST_PASSWORD } from '../../src/server/testing/test-app.ts';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'llama' },
    model: { type: 'string' },
    threads: { type: 'string', default: '1' },
    parallel: { type: 'string', default: '8' },
    'context-size': { type: 'string' },
    'max-tokens': { type: 'string', default: '128' },
    'fake-tokens': { type: 'string', default: '50' },
    pupils: { type: 'string', default: '16' },
    'max-queue': { type: 'string', default: '200' },
    db: { type: 'string' },
  },
});

const parallel = Number(values.parallel);
let llm: LlmProvider;
if (values.provider === 'fake') {
  const tokens = Array.from({ length: Number(values['fake-tokens']) }, (_, i) => `mot${i} `);
  llm = createFakeProvider({ tokens, parallel });
} else {
  if (!values.model) throw new Error('--model is required with the llama provider');
  const provider = createLlamaCppProvider({
    modelPath: values.model,
    threads: Number(values.threads),
    parallel,
    contextSize: values['context-size'] === undefined ? undefined : Number(values['context-size']),
  });
  await provider.ready();
  const status = provider.status();
  if (status.state !== 'ready') throw new Error(`model not ready: ${JSON.stringify(status)}`);
  llm = provider;
}

if (!values.db) throw new Error('--db is required');
// As `tuteur serve` opens it: WAL checkpoints in a worker thread.
const database = openDatabase({ kind: 'sqlite', file: values.db }, { backgroundCheckpoint: { onFailure: (error) => process.stderr.write(`${error.message}\n`) } });
await migrateToLatest(database.db);
const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
// Production defaults for everything the benchmark does not set (empty environment, no config file).
const defaults = loadConfig({ TUTEUR_DATA_DIR: dirname(values.db) }, dirname(values.db));
const { app, services } = await buildApp({
  config: { ...defaults, llm: { threads: Number(values.threads), parallel, contextSize: undefined, maxTokens: Number(values['max-tokens']), maxQueue: Number(values['max-queue']) } },
  database,
  llm,
  clock: { now: () => Date.now() },
  keyring: keyringFromKey(randomBytes(32)),
  logger,
  webRoot: '/nonexistent',
});

const school = await seedSchool(services);
// School rules that would refuse benchmark traffic: open all the time, questions outside assignments, no quota in reach.
for (const [key, value] of [
  ['opening-hours', 'lun-dim 00:00-24:00'],
  ['free-questions', '2nde'],
  ['quota-day', '10000'],
  ['quota-week', '50000'],
] as const) {
  await services.settings.set('cli', school.schoolId, key, value);
}
const logins: string[] = [];
for (let i = 0; i < Number(values.pupils); i++) {
  const login = `eleve${i}`;
  await seedUser(services, 'pupil', login, school);
  logins.push(login);
}
// CPU time of this whole process (JS, SQLite, llama.cpp threads): a figure the machine's other load barely moves.
app.get('/bench/cpu', { config: { policy: 'public' } }, async () => process.cpuUsage());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
const status = llm.status();
process.stdout.write(`${JSON.stringify({ port, logins, password: TEST_PASSWORD, status })}\n`);

process.stdin.resume();
process.stdin.on('close', () => {
  void (async () => {
    services.chat.abortAll('benchmark over');
    await app.close();
    await llm.close();
    await database.close();
    process.exit(0);
  })();
});
