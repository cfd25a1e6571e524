// SQL for conversations and messages. Content columns hold ciphertext only.
import { sql, type Kysely, type Transaction } from 'kysely';
import { prepareQuery } from '../../db/prepared.ts';
import type { ChatLeasesTable, ConversationsTable, Database, MessagesTable } from '../../db/schema.ts';
import { countPupilMessage, type QuotaWindows } from '../tutoring/tutoring.repo.ts';

/** The pupil already has an answer running (on this instance or another): nothing was stored. */
export class LeaseTakenError extends Error {
  constructor() {
    super('answer already running');
    this.name = 'LeaseTakenError';
  }
}

// The statements of every chat message: built and compiled once (db/prepared.ts).
const insertMessage = prepareQuery(
  (db, id: string, conversationId: string, author: string, contentEnc: string, status: string, createdAt: number, sourcesEnc: string | null) =>
    db
      .insertInto('messages')
      .values({
        id,
        conversation_id: conversationId,
        author: author as MessagesTable['author'],
        content_enc: contentEnc,
        status: status as MessagesTable['status'],
        created_at: createdAt,
        sources_enc: sourcesEnc,
        // The next position, computed in the insert itself: one statement less on the hot path.
        seq: sql<number>`(select coalesce(max(seq), 0) + 1 from messages where conversation_id = ${conversationId})`,
      })
      .returning('seq'),
);
const touchConversation = prepareQuery((db, id: string, updatedAt: number) => db.updateTable('conversations').set({ updated_at: updatedAt }).where('id', '=', id));
const touchAndTitleConversation = prepareQuery((db, id: string, updatedAt: number, titleEnc: string) =>
  db.updateTable('conversations').set({ updated_at: updatedAt, title_enc: titleEnc }).where('id', '=', id),
);
const conversationById = prepareQuery((db, id: string) => db.selectFrom('conversations').selectAll().where('id', '=', id));
const latestMessages = prepareQuery((db, conversationId: string, limit: number) =>
  db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(limit),
);
const takeLease = prepareQuery(
  (db, pupilId: string, instanceId: string, classId: string | null, assignmentId: string | null, startedAt: number, expiresAt: number) => {
    const lease = { pupil_id: pupilId, instance_id: instanceId, class_id: classId, assignment_id: assignmentId, started_at: startedAt, expires_at: expiresAt, stop_reason: null };
    // A lease left by an instance that stopped renewing it (it died) is taken over once expired.
    return db
      .insertInto('chat_leases')
      .values(lease)
      .onConflict((oc) => oc.column('pupil_id').doUpdateSet(lease).where('chat_leases.expires_at', '<=', startedAt))
      .returning('instance_id');
  },
);
const endLease = prepareQuery((db, pupilId: string, instanceId: string) => db.deleteFrom('chat_leases').where('pupil_id', '=', pupilId).where('instance_id', '=', instanceId));

/** Appends at the next position and bumps the conversation. */
async function insertAtNextSeq(trx: Transaction<Database>, message: Omit<MessagesTable, 'seq'>, conversationUpdate: { updated_at: number; title_enc?: string }) {
  const row = await insertMessage.executeTakeFirst(
    trx,
    message.id,
    message.conversation_id,
    message.author,
    message.content_enc,
    message.status,
    message.created_at,
    message.sources_enc ?? null,
  );
  if (!row) throw new Error('message not inserted');
  if (conversationUpdate.title_enc === undefined) await touchConversation.execute(trx, message.conversation_id, conversationUpdate.updated_at);
  else await touchAndTitleConversation.execute(trx, message.conversation_id, conversationUpdate.updated_at, conversationUpdate.title_enc);
  return Number(row.seq);
}

export function createChatRepo(db: Kysely<Database>) {
  return {
    insertConversation: (row: ConversationsTable) => db.insertInto('conversations').values(row).execute(),

    findConversation: (id: string) => conversationById.executeTakeFirst(db, id),

    listConversations: (pupilId: string) =>
      db.selectFrom('conversations').selectAll().where('pupil_id', '=', pupilId).orderBy('updated_at', 'desc').limit(500).execute(),

    listMessages: (conversationId: string) =>
      db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq').execute(),

    /** The latest messages, oldest first: what the model can see of a long conversation. */
    listRecentMessages: async (conversationId: string, limit: number) => (await latestMessages.execute(db, conversationId, limit)).reverse(),

    /**
     * Appends a message at the next position and bumps the conversation, in one transaction, so the
     * message is durably committed before the caller goes on (a pupil's question before its answer).
     */
    appendMessage: (
      message: Omit<MessagesTable, 'seq'>,
      conversationUpdate: { updated_at: number; title_enc?: string },
      /** The answer's lease ends with it, in the same transaction (one commit less per message). */
      leaseToEnd?: { pupilId: string; instanceId: string },
    ) =>
      db.transaction().execute(async (trx) => {
        const seq = await insertAtNextSeq(trx, message, conversationUpdate);
        if (leaseToEnd) await endLease.execute(trx, leaseToEnd.pupilId, leaseToEnd.instanceId);
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
        const taken = await takeLease.executeTakeFirst(trx, lease.pupil_id, lease.instance_id, lease.class_id, lease.assignment_id, lease.started_at, lease.expires_at);
        if (taken?.instance_id !== lease.instance_id) throw new LeaseTakenError();
        // Stored first: a pupil without a counter yet is counted from its messages, this one included.
        const seq = await insertAtNextSeq(trx, input.message, input.conversationUpdate);
        input.accept(await countPupilMessage(trx, lease.pupil_id, input.windows));
        return seq;
      }),

    findLease: (pupilId: string) => db.selectFrom('chat_leases').selectAll().where('pupil_id', '=', pupilId).executeTakeFirst(),

    /** Ends a lease, only if that instance still holds it (also used to drop the lease of a dead instance). */
    releaseLease: (pupilId: string, instanceId: string) => endLease.execute(db, pupilId, instanceId),

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
