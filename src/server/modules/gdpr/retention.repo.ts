// SQL for the retention purge: what is older than a school's limits, and its deletion in batches.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function createRetentionRepo(db: Kysely<Database>) {
  const countMessages = async (conversationIds: string[]) => {
    if (conversationIds.length === 0) return 0;
    const row = await db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', 'in', conversationIds).executeTakeFirst();
    return Number(row?.n ?? 0);
  };

  return {
    schools: () => db.selectFrom('schools').select(['id', 'uai', 'name']).orderBy('uai').execute(),

    /** Conversations of the school whose last activity is before `before`, leaving out some pupils' (dry run). */
    async countOldConversations(schoolId: string, before: number, exceptPupils: string[]): Promise<{ conversations: number; messages: number }> {
      let conversationQuery = db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_id', '=', schoolId)
        .where('updated_at', '<', before);
      let messageQuery = db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('conversations.school_id', '=', schoolId)
        .where('conversations.updated_at', '<', before);
      if (exceptPupils.length > 0) {
        conversationQuery = conversationQuery.where('pupil_id', 'not in', exceptPupils);
        messageQuery = messageQuery.where('conversations.pupil_id', 'not in', exceptPupils);
      }
      const conversations = await conversationQuery.executeTakeFirst();
      const messages = await messageQuery.executeTakeFirst();
      return { conversations: Number(conversations?.n ?? 0), messages: Number(messages?.n ?? 0) };
    },

    oldConversationIds: (schoolId: string, before: number, limit: number) =>
      db
        .selectFrom('conversations')
        .select('id')
        .where('school_id', '=', schoolId)
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .limit(limit)
        .execute()
        .then((rows) => rows.map((r) => r.id)),

    conversationIdsOf: (pupilId: string) =>
      db
        .selectFrom('conversations')
        .select('id')
        .where('pupil_id', '=', pupilId)
        .execute()
        .then((rows) => rows.map((r) => r.id)),

    countMessages,

    /** Deletes the conversations and their messages (explicitly: not left to a cascade) in one transaction. */
    deleteConversations: (ids: string[]) =>
      db.transaction().execute(async (trx) => {
        if (ids.length === 0) return { conversations: 0, messages: 0 };
        const messages = await trx.deleteFrom('messages').where('conversation_id', 'in', ids).executeTakeFirst();
        const conversations = await trx.deleteFrom('conversations').where('id', 'in', ids).executeTakeFirst();
        return { conversations: Number(conversations.numDeletedRows), messages: Number(messages.numDeletedRows) };
      }),

    /** Pupils of the school who left before `before`. */
    leftPupils: (schoolId: string, before: number) =>
      db
        .selectFrom('users')
        .select(['id'])
        .where('school_id', '=', schoolId)
        .where('role', '=', 'pupil')
        .where('left_at', 'is not', null)
        .where('left_at', '<', before)
        .execute()
        .then((rows) => rows.map((r) => r.id)),

    disable: (userId: string, at: number) =>
      db.updateTable('users').set({ disabled_at: at }).where('id', '=', userId).where('disabled_at', 'is', null).execute(),

    /** Decided rights requests (granted or refused) of the school, decided before `before`. Open ones always stay. */
    countDecidedRequests: async (schoolId: string, before: number): Promise<number> => {
      const row = await db
        .selectFrom('rights_requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_id', '=', schoolId)
        .where('state', 'in', ['granted', 'refused'])
        .where('decided_at', '<', before)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    deleteDecidedRequests: async (schoolId: string, before: number): Promise<number> => {
      const result = await db
        .deleteFrom('rights_requests')
        .where('school_id', '=', schoolId)
        .where('state', 'in', ['granted', 'refused'])
        .where('decided_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Deletes the account; sessions, class memberships and the data key go with it (cascades). */
    deleteUser: (userId: string) => db.deleteFrom('users').where('id', '=', userId).execute(),
  };
}

export type RetentionRepo = ReturnType<typeof createRetentionRepo>;
