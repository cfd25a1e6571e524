// SQL for conversations and messages. Content columns hold ciphertext only.
import { sql, type Kysely } from 'kysely';
import type { ConversationsTable, Database, MessagesTable } from '../../db/schema.ts';

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
    appendMessage: (message: Omit<MessagesTable, 'seq'>, conversationUpdate: { updated_at: number; title_enc?: string }) =>
      db.transaction().execute(async (trx) => {
        const last = await trx
          .selectFrom('messages')
          .select(sql<number | null>`max(seq)`.as('seq'))
          .where('conversation_id', '=', message.conversation_id)
          .executeTakeFirst();
        const seq = Number(last?.seq ?? 0) + 1;
        await trx.insertInto('messages').values({ ...message, seq }).execute();
        await trx.updateTable('conversations').set(conversationUpdate).where('id', '=', message.conversation_id).execute();
        return seq;
      }),
  };
}

export type ChatRepo = ReturnType<typeof createChatRepo>;
