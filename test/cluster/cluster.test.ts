// Several stateless instances on one PostgreSQL, behind nginx, as an académie runs Tuteur: two `tuteur serve`
// processes (embedded engine on a tiny model, one thread each) start together on an empty database, the
// administrator is created with the CLI, then everything goes through nginx. One instance is killed (-9)
// while it streams an answer: the pupil's question is kept, the session and the service go on on the other
// instance, and the scheduled jobs ran once across both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from '../../src/server/crypto/keyring.ts';
import { loadOrCreateSigningKey } from '../../src/server/crypto/signing-key.ts';
import { openDatabase } from '../../src/server/db/connection.ts';
import { createLeasesRepo } from '../../src/server/jobs/leases.repo.ts';
import { instanceEnv, waitReady, writeTestModel } from '../../src/server/ops/testing/fixtures.ts';
import {
  api,
  freePort,
  postMessage,
  runTuteurCli,
  signIn,
  startTuteur,
  type Browser,
  type TuteurProcess,
} from '../../src/server/ops/testing/instances.ts';
import { createPostgresUrl, pgAdminUrl } from '../databases.ts';
import { startNginx, type Nginx } from './nginx.ts';

const PASSWORD = 'Un-mot-de-passe-solide-2026';
const QUESTION = 'Comment calculer l’aire d’un triangle ?';

let dir: string;
let databaseUrl: string;
let env: Record<string, string>;
let instances: TuteurProcess[] = [];
let nginx: Nginx | undefined;
let proxy: string;

const upstreamOf = (headers: Headers) => Number(headers.get('x-upstream')?.split(':').at(-1));
const instanceOn = (port: number) => instances.find((i) => i.port === port)!;

async function throughNginx(method: string, path: string, who: Partial<Browser>, body?: unknown) {
  return api(proxy, method, path, { origin: proxy, ...who }, body);
}

describe.runIf(pgAdminUrl() !== null)('two instances on one PostgreSQL behind nginx', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tuteur-cluster-'));
    const modelPath = await writeTestModel(dir);
    databaseUrl = await createPostgresUrl();
    // Every instance must use the same key-encryption key (pupils' keys are wrapped by it, in the shared
    // database) and the same audit signing key: made once here, as the deployment guide says.
    const keyFile = join(dir, 'cles', 'tuteur.key');
    const auditKeyFile = join(dir, 'cles', 'audit-ed25519.pem');
    loadOrCreateKeyFile(keyFile);
    loadOrCreateSigningKey(auditKeyFile);
    const nginxPort = await freePort();
    proxy = `http://127.0.0.1:${nginxPort}`;
    const ports = [await freePort(), await freePort()];
    env = instanceEnv({
      dataDir: join(dir, 'donnees'),
      modelPath,
      databaseUrl,
      maxTokens: 1000,
      extra: { TUTEUR_KEY_FILE: keyFile, TUTEUR_AUDIT_KEY_FILE: auditKeyFile, TUTEUR_PUBLIC_URL: proxy, TUTEUR_TRUST_PROXY: 'true' },
    });
    // Both start at once on an empty database: the migration lock lets one migrate while the other waits.
    instances = await Promise.all(ports.map((port, i) => startTuteur({ ...env, TUTEUR_DATA_DIR: join(dir, `donnees-${i}`) }, { cwd: dir, port })));
    await Promise.all(instances.map((i) => waitReady(i.url)));
    nginx = await startNginx({ dir, port: nginxPort, upstreams: ports });

    const created = await runTuteurCli(['users', 'add', '--login', 'admin.academie', '--role', 'academie-admin', '--name', 'Admin Académie'], env, {
      cwd: dir,
      stdin: `${PASSWORD}\n`,
    });
    expect(created, created.stderr).toMatchObject({ code: 0, stdout: 'Compte créé : admin.academie (Administrateur académique)\n' });
  }, 90_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  });

  let pupils: Browser[] = [];

  it('lets the administrator set a school up through nginx, whichever instance answers', async () => {
    const admin = await signIn(proxy, proxy, 'admin.academie', PASSWORD);
    const school = await throughNginx('POST', '/api/schools', admin, { uai: '0691234A', name: 'Lycée Ampère' });
    expect(school.status).toBe(201);
    const schoolId = (school.body as { id: string }).id;
    const klass = await throughNginx('POST', '/api/classes', admin, { schoolId, name: '2nde B', level: '2nde' });
    expect(klass.status).toBe(201);
    for (const [key, value] of [
      ['free-questions', '2nde'],
      ['opening-hours', 'lun-dim 00:00-24:00'],
    ]) {
      expect((await throughNginx('PUT', `/api/schools/${schoolId}/settings/${key}`, admin, { value })).status).toBe(200);
    }
    for (const login of ['lea.martin', 'hugo.bernard']) {
      const user = await throughNginx('POST', '/api/users', admin, {
        login,
        displayName: login,
        role: 'pupil',
        schoolId,
        classIds: [(klass.body as { id: string }).id],
        password: PASSWORD,
      });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
    }
    pupils = [await signIn(proxy, proxy, 'lea.martin', PASSWORD), await signIn(proxy, proxy, 'hugo.bernard', PASSWORD)];

    // Round robin: the same session is served by both instances, turn and turn about.
    const served = [];
    for (let i = 0; i < 6; i++) {
      const me = await throughNginx('GET', '/api/me', pupils[0]!);
      expect(me.status).toBe(200);
      expect((me.body as { login: string }).login).toBe('lea.martin');
      served.push(upstreamOf(me.headers));
    }
    expect(new Set(served)).toEqual(new Set(instances.map((i) => i.port)));
  }, 60_000);

  it('streams through nginx without buffering, and a conversation started on one instance goes on on the other', async () => {
    const [a, b] = instances as [TuteurProcess, TuteurProcess];
    const lea = pupils[0]!;
    // Created on A, answered by B, read back through nginx from both.
    const created = await api(a.url, 'POST', '/api/conversations', lea, {});
    expect(created.status).toBe(201);
    const conversationId = (created.body as { id: string }).id;
    const direct = await (await postMessage(b.url, lea, conversationId, QUESTION)).ended;
    expect(direct.events.at(-1)?.event).toBe('done');

    const answer = await postMessage(proxy, lea, conversationId, 'Et pour un rectangle ?');
    expect(answer.status).toBe(200);
    await answer.waitFor((e) => e.event === 'token', 20_000);
    const firstTokenAt = performance.now();
    const { events } = await answer.ended;
    // Tokens reach the pupil as they are generated: the end comes well after the first token.
    expect(events.at(-1)?.event).toBe('done');
    expect(performance.now() - firstTokenAt).toBeGreaterThan(300);

    const seen = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const read = await throughNginx('GET', `/api/conversations/${conversationId}`, lea);
      expect(read.status).toBe(200);
      seen.add(upstreamOf(read.headers));
      expect((read.body as { messages: { role: string; status: string }[] }).messages.map((m) => `${m.role}:${m.status}`)).toEqual([
        'pupil:complete',
        'tutor:complete',
        'pupil:complete',
        'tutor:complete',
      ]);
    }
    expect(seen.size).toBe(2);
  }, 60_000);

  it('when an instance is killed during an answer, the question is kept and the other instance takes over', async () => {
    const hugo = pupils[1]!;
    const conversation = await throughNginx('POST', '/api/conversations', hugo, {});
    expect(conversation.status).toBe(201);
    const conversationId = (conversation.body as { id: string }).id;
    const answer = await postMessage(proxy, hugo, conversationId, QUESTION);
    expect(answer.status).toBe(200);
    await answer.waitFor((e) => e.event === 'token', 20_000);
    const victim = instanceOn(upstreamOf(answer.headers));
    const survivor = instances.find((i) => i !== victim)!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // The stream is cut without `done`: the web app tells the pupil the answer was interrupted.
    const cut = await answer.ended;
    expect(cut.events.some((e) => e.event === 'done')).toBe(false);
    expect(cut.events[0]).toMatchObject({ event: 'stored' });

    // Same session cookie, now served by the survivor: the question committed before generation is there.
    const read = await throughNginx('GET', `/api/conversations/${conversationId}`, hugo);
    expect(read.status).toBe(200);
    expect(upstreamOf(read.headers)).toBe(survivor.port);
    const messages = (read.body as { messages: { role: string; text: string; status: string }[] }).messages;
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([['pupil', QUESTION, 'complete']]);
    expect((await throughNginx('GET', '/api/me', hugo)).status).toBe(200);

    // The pupil retries: answered by the survivor.
    const retry = await (await postMessage(proxy, hugo, conversationId, QUESTION)).ended;
    expect(retry.events.at(-1)?.event).toBe('done');

    // The others keep being served, with no error, whatever nginx tries first.
    for (let i = 0; i < 6; i++) {
      const reply = await throughNginx('GET', '/api/conversations', pupils[i % 2]!);
      expect(reply.status).toBe(200);
      expect(upstreamOf(reply.headers)).toBe(survivor.port);
    }
    const lea = await throughNginx('POST', '/api/conversations', pupils[0]!, {});
    expect(lea.status).toBe(201);
    expect((await (await postMessage(proxy, pupils[0]!, (lea.body as { id: string }).id, 'Merci !')).ended).events.at(-1)?.event).toBe('done');
    expect((await fetch(`${survivor.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('ran the retention and audit-seal jobs once across the instances (database lease)', async () => {
    const ran = (job: string) => instances.flatMap((i) => i.logs().filter((l) => l.msg === 'job done' && l.job === job).map(() => i));
    expect(ran('retention')).toHaveLength(1);
    expect(ran('audit-seal')).toHaveLength(1);
    const database = openDatabase({ kind: 'postgres', url: databaseUrl });
    try {
      const lease = await createLeasesRepo(database.db).find('retention');
      // The lease names the instance that ran it, and keeps the next run for a day from now.
      expect(lease?.holder).toContain(`:${ran('retention')[0]!.child.pid}:`);
      expect(lease!.expires_at).toBeGreaterThan(Date.now() + 23 * 3600_000);
    } finally {
      await database.close();
    }
  });

  it('never wrote a pupil’s words in the logs of any instance', () => {
    for (const instance of instances) {
      const text = instance.lines.join('\n');
      expect(text).not.toContain('triangle');
      expect(text).not.toContain('rectangle');
      expect(text).not.toContain(PASSWORD);
    }
  });
});
