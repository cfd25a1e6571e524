// Free text written by staff or pupils about a pupil is encrypted at rest, on both databases: every table is
// read raw after the whole set of such texts was written, and none is found. Migration 0009 converts
// decision reasons stored in clear by earlier versions, and refuses to run without the main key.
import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { createContentCipher } from '../../crypto/content-cipher.ts';
import { keyringFromKey } from '../../crypto/keyring.ts';
import { openDatabase, type DatabaseHandle } from '../../db/connection.ts';
import { knownMigrations, migrateToLatest } from '../../db/migrate.ts';
import { asUser, loginAs, seedSchool, seedUser } from '../../testing/test-app.ts';
import { createGdprModule } from './gdpr.module.ts';
import { createGdprTestApp } from './testing/gdpr-test-app.ts';
import { addConversation } from './testing/seed.ts';

/** Every row of every table of the database, as text. */
async function dumpAllTables(database: DatabaseHandle): Promise<{ tables: string[]; text: string }> {
  const listed =
    database.kind === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(database.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(database.db);
  const tables = listed.rows.map((r) => r.name).sort();
  let text = '';
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    text += JSON.stringify(rows.rows);
  }
  return { tables, text };
}

describe.each(testDatabaseUrls())('GDPR free texts at rest on $name', ({ createUrl }) => {
  let t: Awaited<ReturnType<typeof createGdprTestApp>>;
  const now = Date.parse('2026-10-05T08:00:00Z');

  beforeEach(async () => {
    t = await createGdprTestApp({ databaseUrl: await createUrl(), clock: { now: () => now } });
  });
  afterEach(async () => t.close());

  it('stores no staff or pupil free text in clear, in any table', async () => {
    const school = await seedSchool(t.services, '2nde', { framework: true });
    const alice = await seedUser(t.services, 'pupil', 'alice', school);
    await seedUser(t.services, 'teacher', 'prof', school);
    await seedUser(t.services, 'dpo', 'dpo', school);
    const cookie = { alice: await loginAs(t.app, 'alice'), prof: await loginAs(t.app, 'prof'), dpo: await loginAs(t.app, 'dpo') };
    const send = (who: keyof typeof cookie, method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, headers: asUser(cookie[who]), payload });

    const conversation = await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, now, ['Zorglub question', 'Zorglub réponse']);
    expect((await send('prof', 'POST', `/api/staff/conversations/${conversation}/transcript`, { reasonCode: 'pupil_request', reasonText: 'Zorglub motif de lecture' })).statusCode).toBe(200);
    const request = (await send('alice', 'POST', '/api/me/rights-requests', { kind: 'erasure', details: 'Zorglub ma demande' })).json<{ id: string }>();
    expect((await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/extend`, { reason: 'Zorglub prolongation' })).statusCode).toBe(200);
    const decided = await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'refused', reason: 'Zorglub raison du refus' });
    expect(decided.json()).toMatchObject({ state: 'refused', decisionReason: 'Zorglub raison du refus' });
    const alertId = await t.services.safety.raiseAlert({
      schoolId: school.schoolId,
      classId: school.classId,
      pupilId: alice,
      conversationId: conversation,
      messageId: null,
      source: 'report',
      categories: ['report'],
      excerpt: 'Zorglub extrait',
    });
    await t.database.db.updateTable('alerts').set({ note_enc: await t.services.cipher.encrypt(alice, { table: 'alerts', column: 'note', rowId: alertId }, 'Zorglub note') }).where('id', '=', alertId).execute();

    // What people read is the clear text: the pupil its access log and its request, the DPO the reason.
    const accessLog = (await t.app.inject({ method: 'GET', url: '/api/me/access-log', headers: asUser(cookie.alice) })).json<{ entries: { reasonText: string }[] }>();
    expect(accessLog.entries.map((e) => e.reasonText)).toContain('Zorglub motif de lecture');
    const own = (await t.app.inject({ method: 'GET', url: '/api/me/rights-requests', headers: asUser(cookie.alice) })).json<{ requests: { decisionReason: string }[] }>();
    expect(own.requests[0]?.decisionReason).toBe('Zorglub raison du refus');
    const log = (await t.app.inject({ method: 'GET', url: '/api/audit?limit=50', headers: asUser(cookie.dpo) })).json<{ entries: { action: string; details: Record<string, unknown> }[] }>();
    const access = log.entries.find((e) => e.action === 'conversation.accessed');
    expect(access?.details).toEqual({ reasonCode: 'pupil_request', reasonText: 'Zorglub motif de lecture' });

    const { tables, text } = await dumpAllTables(t.database);
    expect(tables).toEqual(expect.arrayContaining(['alerts', 'audit_log', 'messages', 'rights_requests']));
    expect(text.match(/Zorglub[^"]*/g) ?? []).toEqual([]);
    expect(await t.gdpr.audit.verify()).toMatchObject({ ok: true });
  });
});

describe.each(testDatabaseUrls())('migration 0009 on $name', ({ createUrl }) => {
  let database: DatabaseHandle;
  const now = Date.parse('2026-10-05T08:00:00Z');

  beforeEach(async () => {
    const url = await createUrl();
    database = openDatabase(url.startsWith('postgres') ? { kind: 'postgres', url } : { kind: 'sqlite', file: url });
  });
  afterEach(async () => database.close());

  /** The database as an older version left it: the migrations before 0009 only, reasons in clear. */
  async function legacyDatabase(): Promise<void> {
    const older: Record<string, Migration> = {};
    for (const name of knownMigrations().filter((n) => n < '0009')) older[name] = (await import(`../../db/migrations/${name}.ts`)) as Migration;
    const applied = await new Migrator({ db: database.db, provider: { getMigrations: () => Promise.resolve(older) } }).migrateToLatest();
    expect(applied.error).toBeUndefined();
    const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    await db.insertInto('schools').values({ id: 's1', uai: '0690001A', name: 'Lycée', created_at: now }).execute();
    const users = { pupil: 'u-pupil', erased: 'u-erased', gone: 'u-gone' };
    for (const id of [users.pupil, users.erased]) {
      await db.insertInto('users').values({ id, login: id, display_name: id, role: 'pupil', school_id: 's1', password_hash: null, disabled_at: null, created_at: now }).execute();
    }
    await db.insertInto('data_keys').values({ owner_id: users.erased, wrapped_key: null, kek_id: 'x', created_at: now, shredded_at: now }).execute();
    for (const [id, pupil] of [['r1', users.pupil], ['r2', users.erased], ['r3', users.gone], ['r4', users.pupil]] as const) {
      await db
        .insertInto('rights_requests')
        .values({ id, school_id: 's1', pupil_id: pupil, kind: 'erasure', state: 'refused', details_enc: null, received_at: now, due_at: now, extended: 0, decided_at: now, decided_by: null, decision_reason: id === 'r4' ? null : `Ancien motif ${id}` })
        .execute();
    }
  }

  it('encrypts the reasons stored in clear for the pupil, erases those of erased pupils, and needs the main key', async () => {
    await legacyDatabase();
    await expect(migrateToLatest(database.db)).rejects.toThrow(/3 motif\(s\) de décision.*clé principale/);
    const keyring = keyringFromKey(randomBytes(32));
    expect(await migrateToLatest(database.db, { keyring, now: () => now })).toContain('0009_gdpr_texts');

    const { text } = await dumpAllTables(database);
    expect(text).not.toContain('Ancien motif');
    const cipher = createContentCipher(database.db, keyring, { now: () => now });
    const gdpr = createGdprModule({ db: database.db, databaseKind: database.kind, cipher, clock: { now: () => now }, signer: null, llmStatus: () => ({ state: 'none' }) });
    const queue = await gdpr.rights.listForDpo({ id: 'dpo', role: 'dpo', schoolId: 's1' });
    const reasons = Object.fromEntries(queue.map((r) => [r.id, r.decisionReason]));
    // r2's pupil was erased (key destroyed), r3's account deleted: their reasons go with their content.
    expect(reasons).toEqual({ r1: 'Ancien motif r1', r2: null, r3: null, r4: null });
  });
});
