// Retention enforced by the job, with a controllable clock, on both databases: what is past the school's
// limits goes (and only that), erased pupils' content is unreadable, and the audit log gets counts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { ShreddedKeyError } from '../../crypto/content-cipher.ts';
import { createJobRunner } from '../../jobs/job-runner.ts';
import { gdprJobs } from '../../jobs/gdpr-jobs.ts';
import { seedSchool, seedUser, type SeededSchool } from '../../testing/test-app.ts';
import { conversationCutoff, schoolYearStart } from './retention.service.ts';
import { createGdprTestApp } from './testing/gdpr-test-app.ts';
import { addConversation, markLeft } from './testing/seed.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('school year boundary', () => {
  it('starts the school year on 1 September at midnight in Paris', () => {
    expect(new Date(schoolYearStart(at('2026-11-02T10:00:00Z'))).toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(new Date(schoolYearStart(at('2026-08-31T21:59:59Z'))).toISOString()).toBe('2025-08-31T22:00:00.000Z');
    expect(new Date(schoolYearStart(at('2026-08-31T22:00:00Z'))).toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(conversationCutoff(at('2026-11-02T00:00:00Z'), { conversationDays: 30 })).toBe(at('2026-10-03T00:00:00Z'));
  });
});

describe.each(testDatabaseUrls())('retention on $name', ({ createUrl }) => {
  let now: number;
  let t: Awaited<ReturnType<typeof createGdprTestApp>>;
  let school: SeededSchool;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeEach(async () => {
    now = at('2025-10-01T08:00:00Z');
    t = await createGdprTestApp({ databaseUrl: await createUrl(), clock: { now: () => now } });
    // Framework defaults: seeding records only the three account creations in the audit log.
    school = await seedSchool(t.services, '2nde', { framework: true });
    alice = await seedUser(t.services, 'pupil', 'alice', school);
    bob = await seedUser(t.services, 'pupil', 'bob', school);
    carol = await seedUser(t.services, 'pupil', 'carol', school);
  });
  afterEach(async () => t.close());

  const conversations = async () => (await t.database.db.selectFrom('conversations').select(['id', 'pupil_id']).execute()).map((c) => c.id).sort();
  const users = async () => (await t.database.db.selectFrom('users').select('login').orderBy('login').execute()).map((u) => u.login);

  it('purges last school year’s conversations and the accounts of pupils gone for 3 months; the dry run only counts', async () => {
    now = at('2025-09-01T08:00:00Z');
    await t.gdpr.audit.record({ actor: 'cli', action: 'settings.changed', schoolId: school.schoolId, details: { key: 'ancien' } });
    now = at('2025-10-01T08:00:00Z');
    const lastYear = await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, now, ['Question de l’an dernier', 'Réponse']);
    now = at('2026-03-01T08:00:00Z');
    const bobs = await addConversation(t.database, t.services.cipher, { pupilId: bob, schoolId: school.schoolId }, now, ['Secret de Bob']);
    now = at('2026-09-15T08:00:00Z');
    const thisYear = await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, now, ['Question de cette année', 'Réponse', 'Merci']);
    await markLeft(t.database, bob, at('2026-05-01T00:00:00Z'));
    await markLeft(t.database, carol, at('2026-08-01T00:00:00Z'));

    const dry = await t.gdpr.retention.run({ dryRun: true });
    expect(dry.schools).toEqual([
      expect.objectContaining({ uai: school.uai, conversations: 1, messages: 2, pupilsErased: 1, pupilConversations: 1, pupilMessages: 1 }),
    ]);
    // The cut is a prefix of the chain: the three account creations, then the old settings change.
    expect(dry.audit).toMatchObject({ months: 12, entries: 4 });
    expect(await conversations()).toEqual([lastYear, bobs, thisYear].sort());
    expect(await users()).toEqual(['alice', 'bob', 'carol']);

    const report = await t.gdpr.retention.run({ dryRun: false });
    expect(report.schools[0]).toMatchObject({ conversations: 1, messages: 2, pupilsErased: 1, pupilConversations: 1, pupilsKept: 0 });
    expect(report.audit.entries).toBe(4);
    expect(await conversations()).toEqual([thisYear]);
    expect(await users()).toEqual(['alice', 'carol']);
    expect(await t.database.db.selectFrom('data_keys').select('owner_id').where('owner_id', '=', bob).execute()).toEqual([]);

    const purged = await t.gdpr.audit.list({ id: 'x', role: 'academie-admin', schoolId: null }, { action: 'retention.purged', limit: 10 });
    const details = purged.entries.map((e) => e.details);
    expect(details).toContainEqual(expect.objectContaining({ category: 'conversations', conversations: 1, messages: 2, pupilsErased: 1 }));
    expect(details).toContainEqual(expect.objectContaining({ category: 'audit', auditEntries: 4 }));
    expect(JSON.stringify(purged)).not.toContain('Secret');
    expect(await t.gdpr.audit.verify()).toMatchObject({ ok: true });

    // A second run finds nothing more to do and writes no new purge entry for the school.
    const again = await t.gdpr.retention.run({ dryRun: false });
    expect(again.schools[0]).toMatchObject({ conversations: 0, pupilsErased: 0 });
  });

  it('follows a school’s own duration in days', async () => {
    await t.gdpr.settings.update('cli', school.schoolId, { conversationDays: 10 });
    const old = await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, now, ['Ancienne']);
    now += 9 * DAY;
    const recent = await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, now, ['Récente']);
    now += 2 * DAY;
    const report = await t.gdpr.retention.run({ dryRun: false });
    expect(report.schools[0]).toMatchObject({ conversations: 1, conversationRule: '10 jours après le dernier message' });
    expect(await conversations()).toEqual([recent]);
    expect(old).not.toBe(recent);
  });

  it('erases a pupil’s content and can keep its disabled account for later deletion', async () => {
    const bobs = await addConversation(t.database, t.services.cipher, { pupilId: bob, schoolId: school.schoolId }, now, ['Secret']);
    expect(bobs).toBeTruthy();
    const erased = await t.gdpr.retention.erasePupil(bob, { deleteAccount: false });
    expect(erased).toEqual({ conversations: 1, messages: 1, deleted: false });
    await expect(t.services.cipher.decrypt(bob, { table: 'messages', column: 'content', rowId: 'x' }, 'v1:AAAA')).rejects.toBeInstanceOf(ShreddedKeyError);
    const row = await t.database.db.selectFrom('users').select('disabled_at').where('id', '=', bob).executeTakeFirstOrThrow();
    expect(row.disabled_at).toBe(now);
  });

  it('purges alerts past the school’s duration and decided rights requests past the audit duration, never open ones', async () => {
    await t.gdpr.settings.update('cli', school.schoolId, { alertMonths: 6 });
    const raise = (pupilId: string, excerpt: string) =>
      t.services.safety.raiseAlert({ schoolId: school.schoolId, classId: school.classId, pupilId, conversationId: null, messageId: null, source: 'report', categories: ['report'], excerpt });
    const pupil = (id: string) => ({ id, role: 'pupil' as const, schoolId: school.schoolId });
    const dpoId = await seedUser(t.services, 'dpo', 'dpd', school);
    const dpo = { id: dpoId, role: 'dpo' as const, schoolId: school.schoolId };

    const oldAlert = await raise(alice, 'Extrait ancien');
    const refused = await t.gdpr.rights.create(pupil(alice), { kind: 'erasure', details: 'Effacez tout' });
    await t.gdpr.rights.decide(dpo, refused.id, { decision: 'refused', reason: 'Mission de service public' });
    const stillOpen = await t.gdpr.rights.create(pupil(bob), { kind: 'access' });
    now += 7 * 30 * DAY;
    const recentAlert = await raise(bob, 'Extrait récent');
    const recentDecision = await t.gdpr.rights.create(pupil(carol), { kind: 'access' });
    await t.gdpr.rights.decide(dpo, recentDecision.id, { decision: 'granted', reason: 'Export transmis' });
    now += 6 * 30 * DAY;

    const ids = async (table: 'alerts' | 'rights_requests') => (await t.database.db.selectFrom(table).select('id').execute()).map((r) => r.id).sort();
    const dry = await t.gdpr.retention.run({ dryRun: true });
    expect(dry.schools[0]).toMatchObject({ alertMonths: 6, alerts: 1, requestMonths: 12, rightsRequests: 1 });
    expect(await ids('alerts')).toEqual([oldAlert, recentAlert].sort());

    const report = await t.gdpr.retention.run({ dryRun: false, actor: 'system' });
    expect(report.schools[0]).toMatchObject({ alerts: 1, rightsRequests: 1 });
    expect(await ids('alerts')).toEqual([recentAlert]);
    expect(await ids('rights_requests')).toEqual([stillOpen.id, recentDecision.id].sort());
    const purges = (await t.gdpr.audit.list({ id: 'x', role: 'academie-admin', schoolId: null }, { action: 'retention.purged', limit: 5 })).entries;
    const purge = purges.find((e) => e.details.category === 'conversations');
    expect(purge?.details).toMatchObject({ alerts: 1, rightsRequests: 1 });
    expect(JSON.stringify(purge)).not.toContain('Extrait');
    expect(await t.gdpr.audit.verify()).toMatchObject({ ok: true });
  });

  it('runs as a scheduled job once a day across instances, and seals the audit log', async () => {
    now = at('2026-09-15T08:00:00Z');
    await addConversation(t.database, t.services.cipher, { pupilId: alice, schoolId: school.schoolId }, at('2025-10-01T08:00:00Z'), ['Vieille']);
    const runner = createJobRunner({ db: t.database.db, clock: { now: () => now }, holder: 'test' });
    for (const job of gdprJobs({ retention: t.gdpr.retention, audit: t.gdpr.audit })) runner.register(job);
    const outcomes = await runner.tick();
    expect(outcomes).toEqual([
      { name: 'retention', status: 'ran', result: { conversations: 1, pupilsErased: 0, alerts: 0, rightsRequests: 0, auditEntries: 0 } },
      { name: 'audit-seal', status: 'ran', result: { seq: expect.any(Number) as number, at: now } },
    ]);
    now += 2 * 3600_000;
    expect((await runner.tick()).map((o) => o.status)).toEqual(['not-due', 'ran']);
    expect(await t.gdpr.audit.verify()).toMatchObject({ ok: true, seals: { total: 1, valid: 1 } });
  });
});
