// SQL for finding questions whose answer a crash cut off, and for recording the marker answer.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface UnansweredQuestion {
  conversationId: string;
  pupilId: string;
  seq: number;
}

export function createInterruptedAnswersRepo(db: Kysely<Database>) {
  return {
    /** Conversations whose last message is a pupil's question older than `before`: nobody answered it. */
    unanswered: (before: number): Promise<UnansweredQuestion[]> =>
      db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.conversation_id as conversationId', 'c.pupil_id as pupilId', 'm.seq'])
        .where('m.author', '=', 'pupil')
        .where('m.created_at', '<', before)
        .where('m.seq', '=', (eb) => eb.selectFrom('messages as last').select(sql<number>`max(last.seq)`.as('seq')).whereRef('last.conversation_id', '=', 'm.conversation_id'))
        .execute(),

    /**
     * Appends the marker right after the question, unless something was appended since (the unique
     * (conversation, seq) pair also stops two instances sweeping at once from both writing one).
     */
    appendMarker: (row: { id: string; conversation_id: string; seq: number; content_enc: string; created_at: number }): Promise<boolean> =>
      db.transaction().execute(async (trx) => {
        const last = await trx.selectFrom('messages').select(sql<number | null>`max(seq)`.as('seq')).where('conversation_id', '=', row.conversation_id).executeTakeFirst();
        if (Number(last?.seq ?? 0) !== row.seq - 1) return false;
        await trx.insertInto('messages').values({ ...row, author: 'tutor', status: 'interrupted' }).execute();
        return true;
      }),
  };
}

export type InterruptedAnswersRepo = ReturnType<typeof createInterruptedAnswersRepo>;
