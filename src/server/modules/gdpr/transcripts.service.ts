// Staff opening of a pupil's conversation: only with a reason from the list plus free text, recorded in
// the audit log before anything is shown, and listed to the pupil in "Qui a consulté mes données".
import type { MessageView } from '../../../shared/api.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import { notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import { accessReasonSchema } from '../audit/audit.events.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { GdprRepo } from './gdpr.repo.ts';

export interface TranscriptView {
  id: string;
  pupilId: string;
  subject: string | null;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: MessageView[];
}

export function createTranscriptsService(deps: { repo: GdprRepo; cipher: ContentCipher; audit: AuditLog }) {
  const { repo, cipher, audit } = deps;

  async function read(ownerId: string, table: string, column: string, rowId: string, ciphertext: string): Promise<string> {
    try {
      return await cipher.decrypt(ownerId, { table, column, rowId }, ciphertext);
    } catch (error) {
      if (error instanceof ShreddedKeyError) return '[contenu effacé]';
      throw error;
    }
  }

  return {
    async open(caller: Actor, conversationId: string, input: unknown): Promise<TranscriptView> {
      const reason = accessReasonSchema.parse(input);
      const conversation = await repo.findConversation(conversationId);
      if (!conversation) throw notFound('Conversation introuvable.');
      authorize(caller, 'conversation:staff-read', { kind: 'conversation', pupilId: conversation.pupil_id, schoolId: conversation.school_id }, true);
      if (caller.role === 'teacher' && !(await repo.sharesClass(caller.id, conversation.pupil_id))) throw notFound('Conversation introuvable.');
      // Recorded first: if the trace cannot be written, nothing is shown.
      await audit.record({
        actor: caller,
        action: 'conversation.accessed',
        target: { type: 'conversation', id: conversation.id },
        schoolId: conversation.school_id,
        subjectId: conversation.pupil_id,
        details: { reasonCode: reason.reasonCode, reasonText: reason.reasonText },
      });
      const messages = await repo.messagesOf(conversation.id);
      return {
        id: conversation.id,
        pupilId: conversation.pupil_id,
        subject: conversation.subject,
        title: conversation.title_enc === null ? 'Nouvelle conversation' : await read(conversation.pupil_id, 'conversations', 'title', conversation.id, conversation.title_enc),
        createdAt: conversation.created_at,
        updatedAt: conversation.updated_at,
        messages: await Promise.all(
          messages.map(async (m) => ({
            id: m.id,
            role: m.author,
            text: await read(conversation.pupil_id, 'messages', 'content', m.id, m.content_enc),
            status: m.status,
            createdAt: m.created_at,
          })),
        ),
      };
    },
  };
}

export type TranscriptsService = ReturnType<typeof createTranscriptsService>;
