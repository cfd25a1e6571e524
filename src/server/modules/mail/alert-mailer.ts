// Tells the school's designated staff by e-mail that an alert waits: the outbox rows are written with the
// alert (same transaction), then sent in the background, so the pupil's request never waits for the relay
// nor fails with it. The e-mail says nothing about the pupil: a fixed sentence and a link to sign in.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database, MailOutboxTable } from '../../db/schema.ts';
import { findEgressRefusal } from '../../net/egress-guard.ts';
import { createOutboxRepo } from './outbox.repo.ts';
import type { MailSender, OutgoingMail } from './smtp.transport.ts';

export const ALERT_MAIL_SUBJECT = 'Tuteur : une nouvelle alerte demande votre attention';

/** The whole e-mail: no name, no class, no category, no text of the pupil, only where to look. */
export function alertMail(publicUrl: string, alertId: string, to: string): OutgoingMail {
  const link = `${publicUrl}/alertes/${encodeURIComponent(alertId)}`;
  return {
    to,
    subject: ALERT_MAIL_SUBJECT,
    text: [
      'Bonjour,',
      '',
      'Une nouvelle alerte demande votre attention.',
      '',
      'Pour la consulter, connectez-vous à Tuteur :',
      link,
      '',
      'Pour protéger l’élève, ce message ne contient aucun détail : tout se lit dans Tuteur, où chaque consultation est enregistrée.',
      '',
      '— Tuteur (message automatique, merci de ne pas y répondre)',
    ].join('\n'),
  };
}

export interface MailerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AlertMailerDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: MailerLogger;
  sender: MailSender;
  /** Public origin of the installation (TUTEUR_PUBLIC_URL), for the link. */
  publicUrl: string;
  /** Names this instance on the rows it claims. */
  holder?: string;
  /** Waits before the 2nd, 3rd… attempt; its length + 1 is the number of attempts before giving up. */
  retryDelaysMs?: readonly number[];
  /** How long a claimed row is this instance's before another may take it over (a crash mid-send). */
  leaseMs?: number;
  /** Rows sent per claim. */
  batchSize?: number;
}

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

/** Outbox rows enqueued with an alert; the part of the mailer the safety module uses. */
export interface AlertNotifier {
  outboxRows(alert: { alertId: string; schoolId: string; recipients: readonly string[]; now: number }): MailOutboxTable[];
  /** An alert was just stored: send without waiting for the next poll. */
  kick(): void;
}

const DEFAULT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 3600_000];

/** An error code for the log and the row: never the relay's answer text, which may quote what it received. */
function errorCode(error: unknown): string {
  if (findEgressRefusal(error)) return 'EGRESS_REFUSED';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'UNKNOWN';
}

export function createAlertMailer(deps: AlertMailerDeps) {
  const repo = createOutboxRepo(deps.db);
  const { clock, logger, sender } = deps;
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const maxAttempts = delays.length + 1;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const batchSize = deps.batchSize ?? 20;
  let running: Promise<SendReport> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let state: 'idle' | 'polling' | 'stopped' = 'idle';

  async function sendOnce(): Promise<SendReport> {
    const report: SendReport = { sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const now = clock.now();
      const rows = await repo.claim(holder, now, now + leaseMs, batchSize);
      if (rows.length === 0) return report;
      for (const row of rows) {
        const attempts = row.attempts + 1;
        try {
          await sender.send(alertMail(deps.publicUrl, row.alert_id, row.recipient));
          await repo.settle(row.id, holder, { state: 'sent', attempts, next_attempt_at: row.next_attempt_at, last_error: null, sent_at: clock.now() });
          report.sent += 1;
          logger.info({ outboxId: row.id, alertId: row.alert_id, attempts }, 'alert e-mail sent');
        } catch (error) {
          const code = errorCode(error);
          const delay = delays[attempts - 1];
          if (attempts >= maxAttempts || delay === undefined) {
            await repo.settle(row.id, holder, { state: 'failed', attempts, next_attempt_at: row.next_attempt_at, last_error: code, sent_at: null });
            report.failed += 1;
            logger.error({ outboxId: row.id, alertId: row.alert_id, attempts, code }, 'alert e-mail given up');
          } else {
            await repo.settle(row.id, holder, { state: 'pending', attempts, next_attempt_at: clock.now() + delay, last_error: code, sent_at: null });
            report.retried += 1;
            logger.warn({ outboxId: row.id, alertId: row.alert_id, attempts, code }, 'alert e-mail not sent, will retry');
          }
        }
      }
    }
  }

  /** Sends what is due now; a run already under way is joined and followed by one more (new rows). */
  function sendDue(): Promise<SendReport> {
    if (running) {
      again = true;
      return running;
    }
    running = sendOnce()
      .catch((error: unknown) => {
        // The database itself failed: the rows stay, the next poll tries again.
        logger.error({ code: errorCode(error), err: { name: (error as Error).name } }, 'alert e-mail outbox unavailable');
        return { sent: 0, retried: 0, failed: 0 };
      })
      .finally(() => {
        running = null;
        if (again && state !== 'stopped') {
          again = false;
          void sendDue();
        }
      });
    return running;
  }

  return {
    holder,
    sendDue,

    outboxRows({ alertId, schoolId, recipients, now }: { alertId: string; schoolId: string; recipients: readonly string[]; now: number }): MailOutboxTable[] {
      return [...new Set(recipients)].map((recipient) => ({
        id: randomUUID(),
        school_id: schoolId,
        alert_id: alertId,
        recipient,
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_holder: null,
        lease_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      }));
    },

    kick(): void {
      if (state === 'polling') void sendDue();
    },

    /** Sends now, then every pollMs (retries, and rows left by an instance that stopped), until stop(). */
    start(pollMs = 30_000): void {
      if (state !== 'idle') return;
      state = 'polling';
      const poll = () => {
        timer = setTimeout(() => void sendDue().finally(() => state === 'polling' && poll()), pollMs);
        // A pending poll must not keep a process alive.
        timer.unref();
      };
      void sendDue().finally(() => state === 'polling' && poll());
    },

    async stop(): Promise<void> {
      state = 'stopped';
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      sender.close();
    },
  };
}

export type AlertMailer = ReturnType<typeof createAlertMailer>;
