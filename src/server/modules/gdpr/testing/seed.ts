// Test data for the GDPR tests: encrypted conversations written at a chosen time, and a pupil's leaving
// date (set by the roster import in production). Plain SQL so the rows do not depend on columns other
// modules add to conversations.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ContentCipher } from '../../../crypto/content-cipher.ts';
import type { DatabaseHandle } from '../../../db/connection.ts';

export async function addConversation(
  database: DatabaseHandle,
  cipher: ContentCipher,
  place: { pupilId: string; schoolId: string },
  at: number,
  texts: string[],
): Promise<string> {
  const id = randomUUID();
  const title = await cipher.encrypt(place.pupilId, { table: 'conversations', column: 'title', rowId: id }, texts[0] ?? 'Sans titre');
  await sql`insert into conversations (id, pupil_id, school_id, subject, title_enc, created_at, updated_at)
            values (${id}, ${place.pupilId}, ${place.schoolId}, ${'mathematiques'}, ${title}, ${at}, ${at})`.execute(database.db);
  let seq = 0;
  for (const text of texts) {
    seq += 1;
    const messageId = randomUUID();
    const content = await cipher.encrypt(place.pupilId, { table: 'messages', column: 'content', rowId: messageId }, text);
    await sql`insert into messages (id, conversation_id, seq, author, content_enc, status, created_at)
              values (${messageId}, ${id}, ${seq}, ${seq % 2 === 1 ? 'pupil' : 'tutor'}, ${content}, ${'complete'}, ${at})`.execute(database.db);
  }
  return id;
}

export async function markLeft(database: DatabaseHandle, userId: string, at: number): Promise<void> {
  await sql`update users set left_at = ${at} where id = ${userId}`.execute(database.db);
}
