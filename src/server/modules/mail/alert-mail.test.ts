// Alert e-mails on the real message path, through a real SMTP server on loopback (smtp-server): the e-mail
// arrives with the link and nothing about the pupil; no relay configured means no attempt; a relay that is
// down is retried a bounded number of times then given up, and the pupil never notices.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { createEgressGuard, type EgressGuard } from '../../net/egress-guard.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, TEST_ORIGIN, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createOutboxRepo } from './outbox.repo.ts';
import type { SmtpConfig } from './smtp.config.ts';
import { createSmtpSender } from './smtp.transport.ts';
import { closedPort, startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.ts';

const DISTRESS = 'jveu plus vivre, jpense a me suicider ce soir';

/** Quoted-printable body → text, so assertions read what a mail client shows. */
const decode = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

const relay = (port: number, security: SmtpConfig['security'] = 'none'): SmtpConfig => ({
  host: '127.0.0.1',
  port,
  security,
  user: undefined,
  password: undefined,
  from: 'Tuteur <tuteur@lycee.test>',
});

describe.each(testDatabaseUrls())('alert e-mails on $name', ({ createUrl }) => {
  let t: TestApp | undefined;
  let smtp: TestSmtpServer;
  let guard: EgressGuard;
  let school: SeededSchool;
  let now: number;

  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    guard = createEgressGuard();
    now = Date.now();
  });
  afterEach(async () => {
    await t?.services.mail?.stop();
    await t?.close();
    t = undefined;
    await smtp.close();
    await guard.close();
  });

  async function start(smtpConfig: SmtpConfig | null, emails = 'cpe@lycee.test, infirmerie@lycee.test') {
    t = await createTestApp({
      databaseUrl: await createUrl(),
      llm: createFakeProvider({ tokens: ['Je ', 't’écoute.'] }),
      clock: { now: () => now },
      ...(smtpConfig ? { mailSender: createSmtpSender(smtpConfig, guard, { connectTimeoutMs: 2000, socketTimeoutMs: 2000 }) } : {}),
    });
    school = await seedSchool(t.services);
    await t.services.users.create('cli', { login: 'lea.dupont', displayName: 'Léa Dupont', role: 'pupil', schoolId: school.schoolId, classIds: [school.classId], password: 'mot-de-passe-solide' });
    await seedUser(t.services, 'teacher', 'cpe.martin', school);
    await t.services.settings.set('cli', school.schoolId, 'alert-staff', 'cpe.martin');
    await t.services.settings.set('cli', school.schoolId, 'alert-emails', emails);
    return t;
  }

  async function distress(app: TestApp) {
    const cookie = await loginAs(app.app, 'lea.dupont', 'mot-de-passe-solide');
    const { id } = (await app.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(cookie), payload: {} })).json<{ id: string }>();
    const response = await app.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(cookie), payload: { text: DISTRESS } });
    const alerts = await app.services.repos.alerts.listForSchool(school.schoolId);
    return { response, events: parseSse(response.body), alertId: alerts[0]?.id };
  }

  it('sends each alert address a link and nothing about the pupil, in the background', async () => {
    const app = await start(relay(smtp.port));
    app.services.mail!.start(60_000);
    const { response, events, alertId } = await distress(app);
    expect(response.statusCode).toBe(200);
    expect(events.at(-1)?.event).toBe('done');
    expect(alertId).toBeDefined();

    const mails = await smtp.waitFor(2);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['cpe@lycee.test', 'infirmerie@lycee.test']);
    for (const mail of mails) {
      expect(mail.from).toBe('tuteur@lycee.test');
      const text = decode(mail.raw);
      expect(text).toContain('Une nouvelle alerte demande votre attention');
      expect(text).toContain(`${TEST_ORIGIN}/alertes/${alertId}`);
      for (const secret of ['Léa', 'Dupont', 'lea.dupont', 'vivre', 'suicid', 'self_harm', '2nde', 'CPE']) expect(text).not.toContain(secret);
    }
    const rows = await createOutboxRepo(app.database.db).forAlert(alertId!);
    expect(rows.map((r) => [r.state, r.attempts, r.lease_holder])).toEqual([
      ['sent', 1, null],
      ['sent', 1, null],
    ]);
  });

  it('makes no attempt when no relay is configured, nor when the school gave no address', async () => {
    const app = await start(null);
    expect(app.services.mail).toBeNull();
    const { events, alertId } = await distress(app);
    expect(events.at(-1)?.event).toBe('done');
    expect(alertId).toBeDefined();
    expect(await createOutboxRepo(app.database.db).forAlert(alertId!)).toEqual([]);
    await app.close();

    const withRelay = await start(relay(smtp.port), 'aucun');
    withRelay.services.mail!.start(60_000);
    const second = await distress(withRelay);
    expect(second.events.at(-1)?.event).toBe('done');
    expect(await withRelay.services.mail!.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.connections).toBe(0);
  });

  it('retries a relay that is down a bounded number of times, then gives up; the pupil is answered as usual', async () => {
    const app = await start(relay(await closedPort()), 'cpe@lycee.test');
    const { response, events, alertId } = await distress(app);
    expect(response.statusCode).toBe(200);
    expect(events.find((e) => e.event === 'care')).toBeDefined();
    expect(events.at(-1)?.event).toBe('done');

    const mail = app.services.mail!;
    const reports = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      reports.push(await mail.sendDue());
      now += 4 * 3600_000;
    }
    expect(reports.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => ({ sent: 0, retried: 1, failed: 0 })));
    expect(reports[5]).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(reports.slice(6)).toEqual([
      { sent: 0, retried: 0, failed: 0 },
      { sent: 0, retried: 0, failed: 0 },
    ]);
    const [row] = await createOutboxRepo(app.database.db).forAlert(alertId!);
    expect(row).toMatchObject({ state: 'failed', attempts: 6, last_error: 'ECONNREFUSED' });
    // Failures are logged with a code, never with the pupil's words or the address.
    const failures = app.logs.filter((line) => line.includes('alert e-mail'));
    expect(failures.length).toBe(6);
    for (const line of failures) {
      expect(line).not.toContain('vivre');
      expect(line).not.toContain('cpe@lycee.test');
    }
  });
});
