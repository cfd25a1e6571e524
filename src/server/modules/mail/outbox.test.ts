// The outbox on SQLite and PostgreSQL: two instances sending at once never send one e-mail twice, and a row
// claimed by an instance that died is taken over once its lease ends. Plus the relay's connection rules:
// the egress guard decides where it may go, and STARTTLS required means required.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { createEgressGuard, EgressRefusedError } from '../../net/egress-guard.ts';
import { outboundAllowList } from '../../net/outbound.ts';
import { createTestApp, seedSchool, seedUser, type TestApp } from '../../testing/test-app.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createAlertMailer } from './alert-mailer.ts';
import { createOutboxRepo } from './outbox.repo.ts';
import { createSmtpSender, type MailSender, type OutgoingMail } from './smtp.transport.ts';
import { startTestSmtpServer } from './test-smtp-server.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function recordingSender(sent: OutgoingMail[], delayMs = 0): MailSender {
  return {
    async send(mail) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      sent.push(mail);
    },
    close: () => undefined,
  };
}

describe.each(testDatabaseUrls())('alert e-mail outbox on $name', ({ createUrl }) => {
  let t: TestApp;
  let now: number;
  let alertIds: string[];

  beforeEach(async () => {
    now = Date.now();
    // The app's own sender is never started here: the instances under test are built below.
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider(), clock: { now: () => now }, mailSender: recordingSender([]) });
    const school = await seedSchool(t.services);
    const pupilId = await seedUser(t.services, 'pupil', 'lea', school);
    await t.services.settings.set('cli', school.schoolId, 'alert-emails', 'a@lycee.test, b@lycee.test, c@lycee.test');
    alertIds = [];
    for (let i = 0; i < 5; i++) {
      const input = { schoolId: school.schoolId, classId: school.classId, pupilId, conversationId: null, messageId: null, source: 'report' as const, categories: ['report'], excerpt: 'x' };
      alertIds.push(await t.services.safety.raiseAlert(input));
    }
  });
  afterEach(async () => t.close());

  const mailer = (holder: string, sent: OutgoingMail[], delayMs = 0) =>
    createAlertMailer({ db: t.database.db, clock: { now: () => now }, logger: silent, sender: recordingSender(sent, delayMs), publicUrl: 'https://tuteur.lycee.test', holder, batchSize: 4 });

  it('sends every e-mail exactly once when two instances send at the same time', async () => {
    const sentA: OutgoingMail[] = [];
    const sentB: OutgoingMail[] = [];
    const [a, b] = await Promise.all([mailer('instance-a', sentA, 5).sendDue(), mailer('instance-b', sentB, 5).sendDue()]);
    expect(a.sent + b.sent).toBe(15);
    const all = [...sentA, ...sentB].map((m) => `${m.to} ${m.text.split('\n').find((l) => l.startsWith('https://'))}`);
    expect(new Set(all).size).toBe(15);
    expect(all).toHaveLength(15);
    for (const id of alertIds) expect(all.filter((line) => line.endsWith(`/alertes/${id}`))).toHaveLength(3);
  });

  it('takes over a row whose instance died mid-send, once its lease is over', async () => {
    const repo = createOutboxRepo(t.database.db);
    const claimed = await repo.claim('died', now, now + 5 * 60_000, 100);
    expect(claimed).toHaveLength(15);
    const sent: OutgoingMail[] = [];
    const survivor = mailer('survivor', sent);
    expect(await survivor.sendDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    now += 5 * 60_000;
    expect(await survivor.sendDue()).toEqual({ sent: 15, retried: 0, failed: 0 });
    // The dead instance's late outcome is ignored: the row is the survivor's now.
    expect(await repo.settle(claimed[0]!.id, 'died', { state: 'failed', attempts: 1, next_attempt_at: now, last_error: 'X', sent_at: null })).toBe(false);
    expect((await repo.forAlert(alertIds[0]!)).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('the SMTP relay connection', () => {
  it('is refused by the egress guard for an address outside the network, before any packet', async () => {
    const guard = createEgressGuard();
    try {
      const sender = createSmtpSender({ host: '192.0.2.25', port: 25, security: 'none', user: undefined, password: undefined, from: 't@lycee.test' }, guard);
      await expect(sender.send({ to: 'cpe@lycee.test', subject: 's', text: 't' })).rejects.toBeInstanceOf(EgressRefusedError);
    } finally {
      await guard.close();
    }
  });

  it('is refused for a name that resolves outside the network unless the relay is the configured one', async () => {
    const resolve = async () => [{ address: '203.0.113.25', family: 4 }];
    const guard = createEgressGuard({ resolve, allow: [] });
    try {
      const sender = createSmtpSender({ host: 'smtp.rectorat.example', port: 25, security: 'none', user: undefined, password: undefined, from: 't@lycee.test' }, guard);
      await expect(sender.send({ to: 'cpe@lycee.test', subject: 's', text: 't' })).rejects.toThrow(/Connexion refusée vers « smtp.rectorat.example »/);
    } finally {
      await guard.close();
    }
    const config = { egressAllow: [], sso: [], llmBackend: 'llama-cpp' as const, openAiBackends: { servers: [], model: undefined, apiKey: undefined } };
    expect(outboundAllowList({ ...config, smtp: { host: 'SMTP.Rectorat.example.', port: 587 } })).toEqual(['smtp.rectorat.example']);
    expect(outboundAllowList(config)).toEqual([]);
  });

  it('refuses to send in clear text when STARTTLS is required and the relay does not offer it', async () => {
    const smtp = await startTestSmtpServer();
    const guard = createEgressGuard();
    try {
      const sender = createSmtpSender({ host: '127.0.0.1', port: smtp.port, security: 'starttls', user: undefined, password: undefined, from: 't@lycee.test' }, guard);
      await expect(sender.send({ to: 'cpe@lycee.test', subject: 's', text: 't' })).rejects.toThrow();
      expect(smtp.received).toEqual([]);
    } finally {
      await guard.close();
      await smtp.close();
    }
  });
});
