// SQL for the help shown to a pupil under its messages. Ciphertext only.
import type { Kysely } from 'kysely';
import type { Database, MessageCareTable } from '../../db/schema.ts';

export function createCareRepo(db: Kysely<Database>) {
  return {
    insert: (row: MessageCareTable) => db.insertInto('message_care').values(row).execute(),
    forConversation: (conversationId: string) =>
      db.selectFrom('message_care').select(['message_id', 'care_enc']).where('conversation_id', '=', conversationId).execute(),
  };
}

export type CareRepo = ReturnType<typeof createCareRepo>;
