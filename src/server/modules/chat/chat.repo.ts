// SQL for conversations and messages. Content columns hold ciphertext only.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChatLeasesTable, ConversationsTable, Database, MessagesTable } from '../../db/schema.ts';
import { countPupilMessage, type QuotaWindows } from '../tutoring/tutoring.repo.ts';

/** The pupil already has an answer running (on this instance or another): nothing was stored. */
export class LeaseTakenError extends Error {
  constructor() {
    super('answer already running');
    this.name = 'LeaseTakenError';
  }
}

/** Appends at the next position (computed in the insert itself: one statement less on the hot path). */
async function insertAtNextSeq(trx: Transaction<Database>, message: Omit<MessagesTable, 'seq'>, conversationUpdate: { updated_at: number; title_enc?: string }) {
  const nextSeq = sql<number>`(select coalesce(max(seq), 0) + 1 from messages where conversation_id = ${message.conversation_id})`;
  const row = await trx.insertInto('messages').values({ ...message, seq: nextSeq }).returning('seq').executeTakeFirstOrThrow();
  await trx.updateTable('conversations').set(conversationUpdate).where('id', '=', message.conversation_id).execute();
  return Number(row.seq);
}

export function createChatRepo(db: Kysely<Database>) {
  return {
    insertConversation: (row: ConversationsTable) => db.insertInto('conversations').values(row).execute(),

    findConversation: (id: string) => db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst(),

    listConversations: (pupilId: string) =>
      db.selectFrom('conversations').selectAll().where('pupil_id', '=', pupilId).orderBy('updated_at', 'desc').limit(500).execute(),

    listMessages: (conversationId: string) =>
      db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq').execute(),

    /** The latest messages, oldest first: what the model can see of a long conversation. */
    listRecentMessages: async (conversationId: string, limit: number) =>
      (await db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(limit).execute()).reverse(),

    /**
     * Appends a message at the next position and bumps the conversation, in one transaction, so the
     * message is durably committed before the caller goes on (a pupil's question before its answer).
     */
    appendMessage: (
      message: Omit<MessagesTable, 'seq'>,
      conversationUpdate: { updated_at: number; title_enc?: string },
      /** The answer's lease ends with it, in the same transaction (one commit less per message). */
      endLease?: { pupilId: string; instanceId: string },
    ) =>
      db.transaction().execute(async (trx) => {
        const seq = await insertAtNextSeq(trx, message, conversationUpdate);
        if (endLease) await trx.deleteFrom('chat_leases').where('pupil_id', '=', endLease.pupilId).where('instance_id', '=', endLease.instanceId).execute();
        return seq;
      }),

    /**
     * A pupil's question, in one transaction: takes the pupil's answer lease (LeaseTakenError when another
     * answer holds it), stores the message and counts it in the pupil's quota. `accept` sees the new counts
     * and throws to refuse (the whole transaction is then rolled back: nothing stored, nothing counted).
     */
    appendPupilMessage: (input: {
      lease: Omit<ChatLeasesTable, 'stop_reason'>;
      message: Omit<MessagesTable, 'seq'>;
      conversationUpdate: { updated_at: number; title_enc?: string };
      windows: QuotaWindows;
      accept: (counts: { day: number; week: number }) => void;
    }) =>
      db.transaction().execute(async (trx) => {
        const { lease } = input;
        // A lease left by an instance that stopped renewing it (it died) is taken over once expired.
        const taken = await trx
          .insertInto('chat_leases')
          .values({ ...lease, stop_reason: null })
          .onConflict((oc) =>
            oc
              .column('pupil_id')
              .doUpdateSet({ ...lease, stop_reason: null })
              .where('chat_leases.expires_at', '<=', lease.started_at),
          )
          .returning('instance_id')
          .executeTakeFirst();
        if (taken?.instance_id !== lease.instance_id) throw new LeaseTakenError();
        // Stored first: a pupil without a counter yet is counted from its messages, this one included.
        const seq = await insertAtNextSeq(trx, input.message, input.conversationUpdate);
        input.accept(await countPupilMessage(trx, lease.pupil_id, input.windows));
        return seq;
      }),

    findLease: (pupilId: string) => db.selectFrom('chat_leases').selectAll().where('pupil_id', '=', pupilId).executeTakeFirst(),

    /** Ends a lease, only if that instance still holds it (also used to drop the lease of a dead instance). */
    releaseLease: (pupilId: string, instanceId: string) =>
      db.deleteFrom('chat_leases').where('pupil_id', '=', pupilId).where('instance_id', '=', instanceId).execute(),

    /** Pushes back the end of this instance's leases; returns them with any stop asked by another instance. */
    renewLeases: (instanceId: string, until: number) =>
      db.updateTable('chat_leases').set({ expires_at: until }).where('instance_id', '=', instanceId).returning(['pupil_id', 'stop_reason']).execute(),

    /** Asks whichever instance runs the matching answers to stop them, with a French reason for the pupil. */
    requestStop: (filter: { pupilId?: string; classId?: string; assignmentId?: string }, reason: string) => {
      let query = db.updateTable('chat_leases').set({ stop_reason: reason });
      if (filter.pupilId) query = query.where('pupil_id', '=', filter.pupilId);
      else if (filter.classId) query = query.where('class_id', '=', filter.classId);
      else if (filter.assignmentId) query = query.where('assignment_id', '=', filter.assignmentId);
      else return Promise.resolve();
      return query.execute().then(() => undefined);
    },
  };
}

export type ChatRepo = ReturnType<typeof createChatRepo>;
