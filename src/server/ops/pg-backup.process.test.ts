// The PostgreSQL backup procedure of docs/deploiement.md, run as written: pg_dump (custom format) while the
// server runs, pg_restore into a new empty database, the two reset statements, then a fresh instance with a
// copy of the key file serves the pupil its conversation.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresUrl, pgAdminUrl } from '../../../test/databases.ts';
import { findPostgresBinDir } from '../../../test/postgres-server.ts';
import { instanceEnv, seedPupil, TEST_PASSWORD, waitReady, writeTestModel } from './testing/fixtures.ts';
import { api, postMessage, signIn, startTuteur, type TuteurProcess } from './testing/instances.ts';

const started: TuteurProcess[] = [];
let dir: string | undefined;

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop('SIGKILL')));
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(binary: string, args: string[]): void {
  const result = spawnSync(join(findPostgresBinDir()!, binary), args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} : code ${result.status}\n${result.stderr}`);
}

describe.runIf(pgAdminUrl() !== null)('PostgreSQL backup procedure (pg_dump / pg_restore)', () => {
  it('restores a dump taken while the server runs into a fresh instance that serves the conversation', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tuteur-pgdump-'));
    const modelPath = await writeTestModel(dir);
    const sourceUrl = await createPostgresUrl();
    const env = instanceEnv({ dataDir: join(dir, 'source'), modelPath, databaseUrl: sourceUrl, maxTokens: 40 });
    const seeded = await seedPupil(env, dir);
    const server = await startTuteur(env, { cwd: dir });
    started.push(server);
    await waitReady(server.url);
    const browser = await signIn(server.url, server.url, seeded.login, TEST_PASSWORD);
    const conversationId = ((await api(server.url, 'POST', '/api/conversations', browser, {})).body as { id: string }).id;
    const { events } = await (await postMessage(server.url, browser, conversationId, 'Qu’est-ce qu’un nombre premier ?')).ended;
    expect(events.at(-1)?.event).toBe('done');
    const answer = events.filter((e) => e.event === 'token').map((e) => e.data.text as string).join('');

    // docs/deploiement.md, « Sauvegarde et restauration avec PostgreSQL ».
    const dump = join(dir, 'tuteur.dump');
    run('pg_dump', ['--format=custom', `--file=${dump}`, sourceUrl]);
    const restoredUrl = await createPostgresUrl();
    run('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dump]);
    const client = new pg.Client({ connectionString: restoredUrl });
    await client.connect();
    try {
      await client.query('delete from sessions');
      await client.query('delete from job_leases');
    } finally {
      await client.end();
    }

    const restoredDir = join(dir, 'restauree');
    await mkdir(restoredDir, { recursive: true, mode: 0o700 });
    await copyFile(join(dir, 'source', 'tuteur.key'), join(restoredDir, 'tuteur.key'));
    const instance = await startTuteur(instanceEnv({ dataDir: restoredDir, modelPath, databaseUrl: restoredUrl, maxTokens: 40 }), { cwd: dir });
    started.push(instance);
    await waitReady(instance.url);
    // The old session is not valid on the restored database.
    expect((await api(instance.url, 'GET', '/api/me', browser)).status).toBe(401);
    const again = await signIn(instance.url, instance.url, seeded.login, TEST_PASSWORD);
    const read = await api(instance.url, 'GET', `/api/conversations/${conversationId}`, again);
    expect(read.status).toBe(200);
    expect((read.body as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['Qu’est-ce qu’un nombre premier ?', answer]);
    await instance.stop();
    await server.stop();
  }, 90_000);
});
