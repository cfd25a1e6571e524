// SQL for the audit log. Appends and retention cuts hold the chain head's lock, so two instances never
// give the same position to two entries (the chain never forks).
import type { Kysely, Transaction } from 'kysely';
import type { AuditLogTable, AuditSealsTable, Database } from '../../db/schema.ts';

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
  firstSeq: number;
  firstPrevHash: string;
}

/**
 * Locks the head row before reading it. A write is the first statement on purpose, and it works the same
 * on both databases: on PostgreSQL it takes the row lock (like SELECT … FOR UPDATE), so a second appender
 * waits for the first to commit and then reads the new head; on SQLite it takes the database write lock at
 * once (waiting up to busy_timeout) instead of upgrading a read snapshot later, which could fail.
 */
async function lockHead(trx: Transaction<Database>): Promise<ChainHead> {
  await trx
    .updateTable('audit_head')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('id', '=', 1)
    .execute();
  const row = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { lastSeq: row.last_seq, lastHash: row.last_hash, firstSeq: row.first_seq, firstPrevHash: row.first_prev_hash };
}

export interface AuditListFilter {
  /** null: every school (académie). */
  schoolId: string | null;
  beforeSeq?: number;
  action?: string;
  limit: number;
}

const ENTRY_WITH_ACTOR = [
  'audit_log.seq',
  'audit_log.at',
  'audit_log.actor_id',
  'audit_log.actor_role',
  'audit_log.action',
  'audit_log.target_type',
  'audit_log.target_id',
  'audit_log.school_id',
  'audit_log.subject_id',
  'audit_log.details',
  'actor.login as actor_login',
  'actor.display_name as actor_name',
] as const;

export type MakeEntry = (seq: number, prevHash: string) => AuditLogTable;

async function appendLocked(trx: Transaction<Database>, head: ChainHead, make: MakeEntry): Promise<AuditLogTable> {
  const row = make(head.lastSeq + 1, head.lastHash);
  await trx.insertInto('audit_log').values(row).execute();
  await trx.updateTable('audit_head').set({ last_seq: row.seq, last_hash: row.hash }).where('id', '=', 1).execute();
  return row;
}

export function createAuditRepo(db: Kysely<Database>) {
  return {
    /** Appends one entry at the end of the chain; `make` gets the position and the previous hash. */
    append: (make: MakeEntry) => db.transaction().execute(async (trx) => appendLocked(trx, await lockHead(trx), make)),

    head: async (): Promise<ChainHead> => {
      const row = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      return { lastSeq: row.last_seq, lastHash: row.last_hash, firstSeq: row.first_seq, firstPrevHash: row.first_prev_hash };
    },

    /** Entries in chain order from `fromSeq`, a batch at a time (verification). */
    entriesFrom: (fromSeq: number, limit: number) =>
      db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute(),

    /** Details of the latest entries of one action (the last retention cut, for verification). */
    latestDetailsOf: (action: string, limit: number) =>
      db.selectFrom('audit_log').select(['seq', 'details']).where('action', '=', action).orderBy('seq', 'desc').limit(limit).execute(),

    insertSeal: async (seal: AuditSealsTable) => {
      await db
        .insertInto('audit_seals')
        .values(seal)
        .onConflict((oc) => oc.column('seq').doNothing())
        .execute();
    },

    seals: () => db.selectFrom('audit_seals').selectAll().orderBy('seq').execute(),

    lastSeal: () => db.selectFrom('audit_seals').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst(),

    list: (filter: AuditListFilter) => {
      let query = db.selectFrom('audit_log').leftJoin('users as actor', 'actor.id', 'audit_log.actor_id').select(ENTRY_WITH_ACTOR);
      if (filter.schoolId !== null) query = query.where('audit_log.school_id', '=', filter.schoolId);
      if (filter.beforeSeq !== undefined) query = query.where('audit_log.seq', '<', filter.beforeSeq);
      if (filter.action !== undefined) query = query.where('audit_log.action', '=', filter.action);
      return query.orderBy('audit_log.seq', 'desc').limit(filter.limit).execute();
    },

    listAboutSubject: (subjectId: string, actions: readonly string[], limit: number) =>
      db
        .selectFrom('audit_log')
        .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
        .select(ENTRY_WITH_ACTOR)
        .where('audit_log.subject_id', '=', subjectId)
        .where('audit_log.action', 'in', [...actions])
        .orderBy('audit_log.seq', 'desc')
        .limit(limit)
        .execute(),

    /** How many entries a cut at `cutoffAt` would remove, and up to which position (dry run). */
    countBefore: async (cutoffAt: number): Promise<{ count: number; throughSeq: number | null }> => {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => [eb.fn.max('seq').as('through'), eb.fn.countAll<number>().as('n')])
        .where('at', '<', cutoffAt)
        .executeTakeFirst();
      const through = row?.through === null || row?.through === undefined ? null : Number(row.through);
      if (through === null) return { count: 0, throughSeq: null };
      // Entries are cut as a prefix of the chain: everything up to the last old entry goes.
      const counted = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '<=', through).executeTakeFirst();
      return { count: Number(counted?.n ?? 0), throughSeq: through };
    },

    /**
     * Removes the oldest entries, up to the last one older than the cutoff, moves the chain's start
     * (first_seq, first_prev_hash) and appends the entry recording the cut, all in one transaction: what
     * remains still verifies, and the new start is always backed by a recorded cut.
     */
    cutBefore: (cutoffAt: number, makeRecord: (cut: { deleted: number; throughSeq: number }) => MakeEntry) =>
      db.transaction().execute(async (trx) => {
        const head = await lockHead(trx);
        const row = await trx
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('through'))
          .where('at', '<', cutoffAt)
          .executeTakeFirst();
        if (row?.through === null || row?.through === undefined) return { deleted: 0, throughSeq: null };
        const through = Number(row.through);
        const last = await trx.selectFrom('audit_log').select('hash').where('seq', '=', through).executeTakeFirstOrThrow();
        const deleted = await trx.deleteFrom('audit_log').where('seq', '<=', through).where('seq', '>=', head.firstSeq).executeTakeFirst();
        await trx.updateTable('audit_head').set({ first_seq: through + 1, first_prev_hash: last.hash }).where('id', '=', 1).execute();
        const cut = { deleted: Number(deleted.numDeletedRows), throughSeq: through };
        await appendLocked(trx, head, makeRecord(cut));
        return cut;
      }),
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
