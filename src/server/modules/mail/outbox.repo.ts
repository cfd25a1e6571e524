// SQL for the alert e-mail outbox. A sender claims due rows with one conditional UPDATE … RETURNING: the
// condition is evaluated again on each row as it is locked, so two instances never claim the same row, and
// a claim that outlives its lease (an instance that crashed mid-send) is taken over.
import type { Kysely } from 'kysely';
import type { Database, MailOutboxTable } from '../../db/schema.ts';

export function createOutboxRepo(db: Kysely<Database>) {
  const claimable = (now: number) =>
    db
      .selectFrom('mail_outbox')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));

  return {
    async claim(holder: string, now: number, leaseUntil: number, limit: number): Promise<MailOutboxTable[]> {
      return db
        .updateTable('mail_outbox')
        .set({ lease_holder: holder, lease_until: leaseUntil })
        .where('id', 'in', claimable(now).orderBy('next_attempt_at').limit(limit))
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .returningAll()
        .execute();
    },

    /** The outcome of a claimed row; ignored when the lease was lost to another instance meanwhile. */
    async settle(id: string, holder: string, change: Pick<MailOutboxTable, 'state' | 'attempts' | 'next_attempt_at' | 'last_error' | 'sent_at'>): Promise<boolean> {
      const result = await db
        .updateTable('mail_outbox')
        .set({ ...change, lease_holder: null, lease_until: null })
        .where('id', '=', id)
        .where('lease_holder', '=', holder)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    forAlert: (alertId: string) => db.selectFrom('mail_outbox').selectAll().where('alert_id', '=', alertId).orderBy('recipient').execute(),
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
