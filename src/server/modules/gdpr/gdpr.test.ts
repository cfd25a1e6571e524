// The GDPR API end to end through HTTP, on SQLite and PostgreSQL: documents from the live settings, the
// DPO's audit log, "who accessed my data", the pupil's export, and the rights requests queue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, loginAs, seedSchool, seedUser, type SeededSchool } from '../../testing/test-app.ts';
import { createGdprTestApp } from './testing/gdpr-test-app.ts';
import { addConversation } from './testing/seed.ts';

describe.each(testDatabaseUrls())('GDPR API on $name', ({ createUrl }) => {
  let now: number;
  let t: Awaited<ReturnType<typeof createGdprTestApp>>;
  let school: SeededSchool;
  let other: SeededSchool;
  let ids: Record<string, string>;
  let cookies: Record<string, string>;

  beforeEach(async () => {
    now = Date.parse('2026-10-05T08:00:00Z');
    t = await createGdprTestApp({ databaseUrl: await createUrl(), clock: { now: () => now } });
    // The framework's default settings: nothing here chats, and seeding then records no settings change.
    school = await seedSchool(t.services, '2nde', { framework: true });
    other = await seedSchool(t.services, '2nde', { framework: true });
    ids = {
      alice: await seedUser(t.services, 'pupil', 'alice', school),
      bob: await seedUser(t.services, 'pupil', 'bob', school),
      prof: await seedUser(t.services, 'teacher', 'prof', school),
      dpo: await seedUser(t.services, 'dpo', 'dpo', school),
      head: await seedUser(t.services, 'school-admin', 'head', school),
      otherDpo: await seedUser(t.services, 'dpo', 'otherdpo', other),
    };
    cookies = {};
    for (const login of Object.keys(ids)) cookies[login] = await loginAs(t.app, login.toLowerCase());
  });
  afterEach(async () => t.close());

  const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: asUser(cookies[who]!) });
  const send = (who: string, method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url, headers: asUser(cookies[who]!), payload });

  it('generates the register and the AIPD from the live settings, for the school’s DPO and head only', async () => {
    const update = await send('head', 'PUT', '/api/gdpr/settings', { conversationDays: 120, auditMonths: 9, dpoName: 'Claire Dupont', dpoEmail: 'dpd@ac-test.fr', headName: 'M. Martin' });
    expect(update.statusCode).toBe(200);

    const register = await get('dpo', '/api/gdpr/register');
    expect(register.statusCode).toBe(200);
    const markdown = register.json<{ markdown: string }>().markdown;
    expect(markdown).toContain(school.uai);
    expect(markdown).toContain('Claire Dupont');
    expect(markdown).toContain('dpd@ac-test.fr');
    expect(markdown).toContain('120 jours après le dernier message');
    expect(markdown).toContain('| Journal d’audit | 9 mois |');
    expect(markdown).toContain('article 6.1.e');
    expect(markdown).toContain('AES-256-GCM');
    expect(markdown).toContain('fake');

    const aipd = await get('head', '/api/gdpr/aipd?format=md');
    expect(aipd.headers['content-type']).toContain('text/markdown');
    expect(aipd.body).toContain('Accès illégitime à des données');
    expect(aipd.body).toContain('Disparition de données');
    // The protection of minors, from the school's settings of the moment.
    expect(aipd.body).toContain('## Protection des mineurs');
    expect(aipd.body).toContain('la direction seulement');
    await t.services.settings.set('cli', school.schoolId, 'alert-staff', 'prof');
    expect((await get('head', '/api/gdpr/aipd?format=md')).body).toContain('1 personnel(s) désigné(s)');

    const pdf = await get('dpo', '/api/gdpr/register?format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);

    expect((await get('prof', '/api/gdpr/register')).statusCode).toBe(403);
    expect((await get('alice', '/api/gdpr/aipd')).statusCode).toBe(403);
    expect((await get('otherDpo', `/api/gdpr/register?school=${school.schoolId}`)).statusCode).toBe(403);
    expect((await send('dpo', 'PUT', '/api/gdpr/settings', { auditMonths: 12 })).statusCode).toBe(403);
    const invalid = await send('head', 'PUT', '/api/gdpr/settings', { auditMonths: 3 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ message: string }>().message).toContain('CNIL');
  });

  it('gives every signed-in person of the school the notice, versioned, in simple words for pupils', async () => {
    const pupil = await get('alice', '/api/gdpr/notice');
    expect(pupil.statusCode).toBe(200);
    const first = pupil.json<{ kind: string; version: string; markdown: string }>();
    expect(first.kind).toBe('notice-pupil');
    expect(first.markdown).toContain('Tu échanges avec une intelligence artificielle');
    expect(first.markdown).toContain('CNIL');
    expect((await get('alice', '/api/gdpr/notice')).json<{ version: string }>().version).toBe(first.version);

    await send('head', 'PUT', '/api/gdpr/settings', { leftPupilMonths: 6 });
    const changed = (await get('alice', '/api/gdpr/notice')).json<{ version: string; markdown: string }>();
    expect(changed.version).not.toBe(first.version);
    expect(changed.markdown).toContain('6 mois après ton départ');

    const full = (await get('prof', '/api/gdpr/notice')).json<{ kind: string; markdown: string }>();
    expect(full.kind).toBe('notice-full');
    expect(full.markdown).toContain('mission d’intérêt public');
    expect((await get('otherDpo', `/api/gdpr/notice?school=${school.schoolId}`)).statusCode).toBe(403);
  });

  it('shows the DPO its school’s audit entries, a page at a time, and the chain’s verification', async () => {
    await send('head', 'PUT', '/api/gdpr/settings', { conversationDays: 30 });
    await send('head', 'PUT', '/api/gdpr/settings', { conversationDays: 60 });
    await t.gdpr.audit.record({ actor: 'cli', action: 'school.created', schoolId: other.schoolId, target: { type: 'school', id: other.schoolId } });

    const page = await get('dpo', '/api/audit?limit=1&action=settings.changed');
    expect(page.statusCode).toBe(200);
    const body = page.json<{ entries: { seq: number; actor: { login: string }; details: object }[]; nextBefore: number }>();
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ actor: { login: 'head' }, details: { conversationDays: 60 } });
    const next = (await get('dpo', `/api/audit?limit=1&action=settings.changed&before=${body.nextBefore}`)).json<typeof body>();
    expect(next.entries[0]?.details).toEqual({ conversationDays: 30 });
    expect(next.nextBefore).toBeNull();

    // Each DPO sees its own school's entries only (sign-ins included), never the other school's.
    const all = (await get('dpo', '/api/audit?limit=200')).json<typeof body>();
    expect(all.entries.map((e) => e.actor.login)).toContain('head');
    expect(all.entries.map((e) => e.actor.login)).not.toContain('otherdpo');
    const otherLogins = (await get('otherDpo', '/api/audit?limit=200')).json<typeof body>().entries.map((e) => e.actor.login);
    expect(otherLogins).toContain('otherdpo');
    expect(otherLogins).not.toContain('head');
    expect((await get('prof', '/api/audit')).statusCode).toBe(403);
    expect((await get('dpo', '/api/audit?limit=500')).statusCode).toBe(400);

    const verify = await get('dpo', '/api/audit/verify');
    expect(verify.json()).toMatchObject({ ok: true });
    expect(verify.json<{ checkedEntries: number }>().checkedEntries).toBeGreaterThan(3);
  });

  it('lets a pupil see who opened its conversations, when and why', async () => {
    const teacher = { id: ids.prof!, role: 'teacher' as const, schoolId: school.schoolId };
    await t.gdpr.audit.record({
      actor: teacher,
      action: 'conversation.accessed',
      target: { type: 'conversation', id: 'c-1' },
      subjectId: ids.alice,
      details: { reasonCode: 'safety_alert', reasonText: 'alerte du 3 octobre' },
    });
    const log = (await get('alice', '/api/me/access-log')).json<{ entries: object[] }>();
    expect(log.entries).toEqual([
      { at: now, who: 'Personne prof', role: 'Enseignant·e', action: 'conversation.accessed', actionLabel: 'Consultation d’une conversation', reason: 'Suite à une alerte de sécurité', reasonText: 'alerte du 3 octobre' },
    ]);
    expect((await get('bob', '/api/me/access-log')).json<{ entries: object[] }>().entries).toEqual([]);
  });

  it('exports all of a pupil’s data, decrypted, and records the export without content', async () => {
    await addConversation(t.database, t.services.cipher, { pupilId: ids.alice!, schoolId: school.schoolId }, now, ['Comment factoriser x² − 9 ?', 'Pense aux identités remarquables.']);
    const response = await get('alice', '/api/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment; filename="mes-donnees-tuteur-2026-10-05.json"');
    const data = response.json<{ person: { login: string; school: { uai: string } }; conversations: { title: string; messages: { author: string; text: string }[] }[] }>();
    expect(data.person).toMatchObject({ login: 'alice', school: { uai: school.uai } });
    expect(data.conversations[0]?.title).toBe('Comment factoriser x² − 9 ?');
    expect(data.conversations[0]?.messages).toEqual([
      expect.objectContaining({ author: 'élève', text: 'Comment factoriser x² − 9 ?' }),
      expect.objectContaining({ author: 'tuteur', text: 'Pense aux identités remarquables.' }),
    ]);
    const entries = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.created').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: ids.alice, subject_id: ids.alice, details: '{"conversations":1,"messages":2}' });
    // Bob's export holds none of Alice's data.
    expect((await get('bob', '/api/me/export')).body).not.toContain('factoriser');
  });

  it('queues rights requests with their legal deadline; a granted erasure closes the account and shreds its content', async () => {
    await addConversation(t.database, t.services.cipher, { pupilId: ids.alice!, schoolId: school.schoolId }, now, ['Mon secret']);
    const created = await send('alice', 'POST', '/api/me/rights-requests', { kind: 'erasure', details: 'Je quitte le lycée' });
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; dueAt: number; state: string }>();
    expect(new Date(request.dueAt).toISOString()).toBe('2026-11-05T08:00:00.000Z');
    expect((await send('alice', 'POST', '/api/me/rights-requests', { kind: 'oubli' })).statusCode).toBe(400);

    const queue = (await get('dpo', '/api/gdpr/requests')).json<{ requests: { id: string; details: string; pupil: { login: string } }[] }>();
    expect(queue.requests).toEqual([expect.objectContaining({ id: request.id, details: 'Je quitte le lycée' })]);
    expect(queue.requests[0]?.pupil.login).toBe('alice');
    expect((await get('otherDpo', '/api/gdpr/requests')).json<{ requests: unknown[] }>().requests).toEqual([]);
    expect((await send('otherDpo', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'granted', reason: 'ok ok' })).statusCode).toBe(404);
    expect((await send('prof', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'granted', reason: 'ok ok' })).statusCode).toBe(403);

    const extended = await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/extend`, { reason: 'vérification auprès de la vie scolaire' });
    expect(new Date(extended.json<{ dueAt: number }>().dueAt).toISOString()).toBe('2027-01-05T08:00:00.000Z');
    expect((await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/extend`, { reason: 'encore' })).statusCode).toBe(409);
    expect((await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'granted' })).statusCode).toBe(400);

    const decided = await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'granted', reason: 'Départ confirmé' });
    expect(decided.json()).toMatchObject({ state: 'granted', decisionReason: 'Départ confirmé' });
    expect((await get('alice', '/api/me')).statusCode).toBe(401);
    const key = await t.database.db.selectFrom('data_keys').select('wrapped_key').where('owner_id', '=', ids.alice!).executeTakeFirstOrThrow();
    expect(key.wrapped_key).toBeNull();
    expect(await t.database.db.selectFrom('conversations').select('id').where('pupil_id', '=', ids.alice!).execute()).toEqual([]);
    const user = await t.database.db.selectFrom('users').select(['disabled_at', 'left_at']).where('id', '=', ids.alice!).executeTakeFirstOrThrow();
    expect(user).toEqual({ disabled_at: now, left_at: null });
    expect((await send('dpo', 'POST', `/api/gdpr/requests/${request.id}/decision`, { decision: 'refused', reason: 'trop tard' })).statusCode).toBe(409);
    // The reason was about the erased pupil and encrypted with its key: it went with the rest.
    const after = (await get('dpo', '/api/gdpr/requests')).json<{ requests: { id: string; decisionReason: string }[] }>();
    expect(after.requests.find((r) => r.id === request.id)?.decisionReason).toBe('[contenu effacé]');

    const actions = (await t.database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('rights.'))).toEqual(['rights.requested', 'rights.decided', 'rights.decided']);
  });
  it('opens a transcript for staff only with a reason, recorded before it is shown and visible to the pupil', async () => {
    const conversation = await addConversation(t.database, t.services.cipher, { pupilId: ids.alice!, schoolId: school.schoolId }, now, ['Je suis triste', 'Parles-en à un adulte.']);
    const url = `/api/staff/conversations/${conversation}/transcript`;
    const noReason = await send('prof', 'POST', url, { reasonCode: 'safety_alert' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ message: string }>().message).toBe('Précisez le motif en quelques mots.');
    expect((await send('prof', 'POST', url, { reasonCode: 'curiosite', reasonText: 'pour voir' })).json<{ message: string }>().message).toBe('Choisissez un motif dans la liste.');

    const outsider = await t.services.users.create('cli', { login: 'prof2', displayName: 'Prof sans classe', role: 'teacher', schoolId: school.schoolId, password: 'correct-horse-battery' });
    cookies.prof2 = await loginAs(t.app, 'prof2');
    expect((await send('prof2', 'POST', url, { reasonCode: 'safety_alert', reasonText: 'alerte' })).statusCode).toBe(404);
    expect((await send('bob', 'POST', url, { reasonCode: 'safety_alert', reasonText: 'alerte' })).statusCode).toBe(403);
    expect((await send('otherDpo', 'POST', url, { reasonCode: 'safety_alert', reasonText: 'alerte' })).statusCode).toBe(404);
    expect(outsider.id).toBeTruthy();
    expect(await t.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'conversation.accessed').execute()).toEqual([]);

    const opened = await send('prof', 'POST', url, { reasonCode: 'safety_alert', reasonText: 'alerte du 5 octobre' });
    expect(opened.statusCode).toBe(200);
    expect(opened.json<{ messages: { text: string }[] }>().messages.map((m) => m.text)).toEqual(['Je suis triste', 'Parles-en à un adulte.']);
    const seen = (await get('alice', '/api/me/access-log')).json<{ entries: { who: string; reason: string; reasonText: string }[] }>().entries;
    expect(seen).toEqual([expect.objectContaining({ who: 'Personne prof', reason: 'Suite à une alerte de sécurité', reasonText: 'alerte du 5 octobre' })]);
    const entry = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'conversation.accessed').executeTakeFirstOrThrow();
    expect(entry.details).not.toContain('triste');
  });

  it('records that a person read the current notice, and asks again when it changes', async () => {
    const first = (await get('alice', '/api/gdpr/notice')).json<{ version: string; read: boolean }>();
    expect(first.read).toBe(false);
    expect((await send('alice', 'POST', '/api/me/notice-read', { version: '0123456789ab' })).statusCode).toBe(409);
    expect((await send('alice', 'POST', '/api/me/notice-read', { version: first.version })).statusCode).toBe(204);
    expect((await get('alice', '/api/gdpr/notice')).json<{ read: boolean }>().read).toBe(true);
    expect((await get('bob', '/api/gdpr/notice')).json<{ read: boolean }>().read).toBe(false);
    await send('head', 'PUT', '/api/gdpr/settings', { conversationDays: 200 });
    expect((await get('alice', '/api/gdpr/notice')).json<{ read: boolean }>().read).toBe(false);
  });

  it('gives the export as a readable PDF too', async () => {
    await addConversation(t.database, t.services.cipher, { pupilId: ids.alice!, schoolId: school.schoolId }, now, ['Question', 'Réponse']);
    const pdf = await get('alice', '/api/me/export?format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('.pdf"');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
