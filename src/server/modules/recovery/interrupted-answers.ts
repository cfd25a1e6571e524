// After a crash (kill -9, power cut), an answer being streamed is lost with the process: the pupil's
// question is stored (committed before generation) but nothing follows it. This records an empty answer
// marked `interrupted` after each such question, so the pupil, the export and the staff see what happened.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import { isUniqueViolation } from '../../db/connection.ts';
import type { InterruptedAnswersRepo } from './interrupted-answers.repo.ts';

/** Longer than any answer can take: a question this old without an answer is not being answered anywhere. */
export const ANSWER_GRACE_MS = 15 * 60_000;

/**
 * Marks the questions left unanswered before `before`. At the start of a single instance (SQLite) nothing
 * can be running, so `before` is now; where several instances share the database, a periodic job passes
 * now − ANSWER_GRACE_MS so that answers still streaming elsewhere are left alone. Returns how many were marked.
 */
export async function markInterruptedAnswers(deps: { repo: InterruptedAnswersRepo; cipher: ContentCipher; clock: Clock }, before: number): Promise<number> {
  let marked = 0;
  for (const question of await deps.repo.unanswered(before)) {
    const id = randomUUID();
    let contentEnc: string;
    try {
      contentEnc = await deps.cipher.encrypt(question.pupilId, { table: 'messages', column: 'content', rowId: id }, '');
    } catch (error) {
      // An erased pupil's content is unreadable for good: nothing to mark.
      if (error instanceof ShreddedKeyError) continue;
      throw error;
    }
    try {
      if (await deps.repo.appendMarker({ id, conversation_id: question.conversationId, seq: question.seq + 1, content_enc: contentEnc, created_at: deps.clock.now() })) marked += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return marked;
}
