// Conversations of a pupil and the answer to a message: store the question (committed first), wait for a
// slot, stream the model's answer, store it complete or marked interrupted.
import { randomUUID } from 'node:crypto';
import type { ConversationDetail, ConversationSummary, MessageView } from '../../../shared/api.ts';
import type { Clock } from '../../clock.ts';
import { ShreddedKeyError, type ContentCipher } from '../../crypto/content-cipher.ts';
import type { ConversationsTable } from '../../db/schema.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/policies.ts';
import { LlmBackendError } from '../llm/openai/errors.ts';
import { NO_CHAT_METRICS, type AnswerOutcome, type ChatMetrics } from '../metrics/metrics.ts';
import { LlmUnavailableError, type LlmProvider } from '../llm/llm.types.ts';
import type { TutorMode } from '../../../shared/roles.ts';
import type { GateResult, TutoringService } from '../tutoring/tutoring.service.ts';
import { CARE_INSTRUCTION, BLOCKED_MESSAGE, OUTPUT_STOPPED_NOTICE } from '../safety/care-message.ts';
import type { SafetyService, Screening } from '../safety/safety.service.ts';
import { createAnswerGuard, GUARD_NOTICE } from './answer-guard.ts';
import { createOutputGate } from './output-gate.ts';
import type { ChatRepo } from './chat.repo.ts';
import { buildChatTurns, buildSystemPrompt, type PromptLibrary } from './prompt.ts';
import { QueueFullError, type Scheduler } from './scheduler.ts';

export type ChatEvent =
  | { event: 'stored'; data: { messageId: string } }
  | { event: 'care'; data: { message: string; helpLines: { number: string; name: string; description: string }[]; schoolContacts: string } }
  | { event: 'queued'; data: { position: number } }
  | { event: 'token'; data: { text: string } }
  | { event: 'done'; data: { messageId: string } }
  | { event: 'error'; data: { code: string; message: string } };

export interface ChatLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ChatServiceDeps {
  repo: ChatRepo;
  cipher: ContentCipher;
  llm: LlmProvider;
  scheduler: Scheduler;
  clock: Clock;
  prompts: PromptLibrary;
  tutoring: TutoringService;
  safety: SafetyService;
  metrics?: ChatMetrics;
  maxTokens: number;
  logger: ChatLogger;
}

export interface PreparedMessage {
  actor: Actor;
  conversation: ConversationsTable;
  gate: GateResult;
  screening: Screening;
  pupilMessageId: string;
  controller: AbortController;
}

/** Why a running answer was stopped by the school (not by the pupil): said to the pupil as it is. */
export class TutorStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TutorStoppedError';
  }
}

interface InFlight {
  controller: AbortController;
  classId: string;
  assignmentId: string | null;
}

const TITLE_LENGTH = 80;
/** Messages given to the model at most; a long conversation is then fitted to the context by the provider. */
const MODEL_HISTORY_MESSAGES = 40;
const ERASED_TEXT = '[contenu effacé]';

export const NO_MODEL_MESSAGE =
  'Le tuteur n’est pas encore disponible : aucun modèle de langage n’est installé sur le serveur de l’établissement. Préviens ton professeur ; l’administrateur doit en ajouter un.';

export function createChatService(deps: ChatServiceDeps) {
  const { repo, cipher, llm, scheduler, clock, logger } = deps;
  const metrics = deps.metrics ?? NO_CHAT_METRICS;
  // One answer in flight per pupil: fairness, and the handle used to stop it at once on revocation.
  const inFlight = new Map<string, InFlight>();

  const field = (table: string, column: string, rowId: string) => ({ table, column, rowId });

  async function readText(ownerId: string, table: string, column: string, rowId: string, ciphertext: string): Promise<string> {
    try {
      return await cipher.decrypt(ownerId, field(table, column, rowId), ciphertext);
    } catch (error) {
      if (error instanceof ShreddedKeyError) return ERASED_TEXT;
      throw error;
    }
  }

  async function loadOwned(actor: Actor, id: string, action: 'conversation:read' | 'conversation:write') {
    const conversation = await repo.findConversation(id);
    if (!conversation) throw notFound('Conversation introuvable.');
    authorize(actor, action, { kind: 'conversation', pupilId: conversation.pupil_id, schoolId: conversation.school_id }, true);
    return conversation;
  }

  async function summary(row: ConversationsTable): Promise<ConversationSummary> {
    const title = row.title_enc ? await readText(row.pupil_id, 'conversations', 'title', row.id, row.title_enc) : 'Nouvelle conversation';
    return { id: row.id, subject: row.subject, assignmentId: row.assignment_id, mode: row.mode, title, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  /** Decrypted messages: all of them, or only the latest `limit` (what the model's context can hold). */
  async function history(conversation: ConversationsTable, limit?: number): Promise<MessageView[]> {
    const rows = limit === undefined ? await repo.listMessages(conversation.id) : await repo.listRecentMessages(conversation.id, limit);
    return Promise.all(
      rows.map(async (m) => ({
        id: m.id,
        role: m.author,
        text: await readText(conversation.pupil_id, 'messages', 'content', m.id, m.content_enc),
        status: m.status,
        createdAt: m.created_at,
      })),
    );
  }

  async function storeMessage(conversation: ConversationsTable, author: 'pupil' | 'tutor', shownText: string, status: MessageView['status']) {
    const id = randomUUID();
    const now = clock.now();
    // The model may repeat personal data the pupil typed: masked before storage like the pupil's own text.
    const text = author === 'tutor' ? await deps.safety.redactForStorage(conversation.school_id ?? '', shownText) : shownText;
    const contentEnc = await cipher.encrypt(conversation.pupil_id, field('messages', 'content', id), text);
    const update: { updated_at: number; title_enc?: string } = { updated_at: now };
    if (author === 'pupil' && conversation.title_enc === null) {
      update.title_enc = await cipher.encrypt(conversation.pupil_id, field('conversations', 'title', conversation.id), text.slice(0, TITLE_LENGTH));
    }
    await repo.appendMessage({ id, conversation_id: conversation.id, author, content_enc: contentEnc, status, created_at: now }, update);
    return id;
  }

  return {
    async create(actor: Actor, input: { subject?: string; assignmentId?: string; mode?: TutorMode }): Promise<{ id: string }> {
      authorize(actor, 'conversation:create', { kind: 'conversation', pupilId: actor.id, schoolId: actor.schoolId });
      let subject = input.subject ?? null;
      let mode: TutorMode = input.mode ?? 'guidage';
      if (input.assignmentId) {
        const assignment = await deps.tutoring.assignmentForPupil(actor, input.assignmentId);
        const allowed = assignment.modes.split(',') as TutorMode[];
        if (input.mode && !allowed.includes(input.mode)) throw new HttpError(400, 'mode_not_allowed', 'Ce mode n’est pas autorisé par ton professeur pour ce devoir.');
        mode = input.mode ?? allowed[0] ?? 'guidage';
        subject = assignment.subject;
      }
      const now = clock.now();
      const id = randomUUID();
      await repo.insertConversation({
        id,
        pupil_id: actor.id,
        school_id: actor.schoolId,
        subject,
        title_enc: null,
        created_at: now,
        updated_at: now,
        assignment_id: input.assignmentId ?? null,
        mode,
      });
      return { id };
    },

    async list(actor: Actor): Promise<ConversationSummary[]> {
      return Promise.all((await repo.listConversations(actor.id)).map(summary));
    },

    async get(actor: Actor, id: string): Promise<ConversationDetail> {
      const conversation = await loadOwned(actor, id, 'conversation:read');
      return { ...(await summary(conversation)), messages: await history(conversation) };
    },

    /** Checks everything that can refuse the message, then commits it. Errors here are plain HTTP answers. */
    async prepareMessage(actor: Actor, conversationId: string, text: string): Promise<PreparedMessage> {
      const conversation = await loadOwned(actor, conversationId, 'conversation:write');
      // The school's rules come first: a pupil refused by them is told why, whatever the model's state.
      const gate = await deps.tutoring.gate(actor, conversation.assignment_id);
      const screening = await deps.safety.screenInput(conversation.school_id ?? actor.schoolId ?? '', text);
      if (screening.action === 'block') throw new HttpError(403, 'message_blocked', BLOCKED_MESSAGE);
      // A pupil in distress is answered with care and its message reaches the staff even without a model.
      if (llm.status().state !== 'ready' && !screening.care) {
        metrics.onRejected('no_model');
        throw new HttpError(503, 'no_model', NO_MODEL_MESSAGE);
      }
      if (inFlight.has(actor.id)) {
        metrics.onRejected('answer_in_progress');
        throw new HttpError(409, 'answer_in_progress', 'Attends la fin de la réponse en cours avant d’envoyer un autre message.');
      }
      if (scheduler.isFull()) {
        metrics.onRejected('queue_full');
        throw new HttpError(503, 'queue_full', 'Beaucoup d’élèves utilisent le tuteur en ce moment. Réessaie dans une minute.', { 'Retry-After': '60' });
      }
      const controller = new AbortController();
      inFlight.set(actor.id, { controller, classId: gate.classId, assignmentId: conversation.assignment_id });
      try {
        const pupilMessageId = await storeMessage(conversation, 'pupil', screening.storedText, 'complete');
        return { actor, conversation, gate, screening, pupilMessageId, controller };
      } catch (error) {
        inFlight.delete(actor.id);
        throw error;
      }
    },

    /** Streams the answer to a prepared message. Never throws: failures become an `error` event. */
    async streamAnswer(prepared: PreparedMessage, emit: (event: ChatEvent) => void): Promise<void> {
      const { actor, conversation, controller, gate, screening } = prepared;
      const signal = controller.signal;
      const started = clock.now();
      // What the pupil has been shown; the guard may hold back the beginning of a final answer.
      let text = '';
      const guard = createAnswerGuard(conversation.mode === 'guidage' ? (gate.assignment?.expected_answer ?? null) : null);
      let release: (() => void) | undefined;
      emit({ event: 'stored', data: { messageId: prepared.pupilMessageId } });
      if (screening.care) emit({ event: 'care', data: screening.care });
      const output = createOutputGate();
      const answer = metrics.onQueued();
      let outcome: AnswerOutcome = 'error';
      const show = (piece: string) => {
        if (piece.length === 0) return;
        answer.onToken();
        text += piece;
        emit({ event: 'token', data: { text: piece } });
      };
      try {
        // Older turns would be dropped by the provider's context fitting anyway: not read nor decrypted.
        const past = await history(conversation, MODEL_HISTORY_MESSAGES);
        if (screening.action === 'escalate') {
          await deps.safety.raiseAlert({
            schoolId: conversation.school_id ?? actor.schoolId ?? '',
            classId: gate.classId,
            pupilId: actor.id,
            conversationId: conversation.id,
            messageId: prepared.pupilMessageId,
            source: 'input',
            categories: screening.categories,
            // The minimum needed: the flagged message and the two before it, personal data masked.
            excerpt: past
              .slice(-3)
              .map((m) => `${m.role === 'pupil' ? 'Élève' : 'Tuteur'} : ${m.text}`)
              .join('\n\n'),
          });
        }
        release = await scheduler.acquire(signal, (position) => emit({ event: 'queued', data: { position } }));
        answer.onStart();
        const basePrompt = buildSystemPrompt(deps.prompts, {
          mode: conversation.mode,
          subject: conversation.subject,
          level: gate.level,
          statement: gate.assignment?.statement ?? null,
        });
        const systemPrompt = screening.care || screening.action === 'care' ? `${basePrompt}\n\n${CARE_INSTRUCTION}` : basePrompt;
        const forModel = past.map((m) => ({ author: m.role, text: m.id === prepared.pupilMessageId ? screening.modelText : m.text }));
        const turns = buildChatTurns(systemPrompt, forModel);
        // Stops generation as soon as the guard trips; a separate controller keeps the pupil's own abort apart.
        const generation = new AbortController();
        const forward = () => generation.abort(signal.reason);
        signal.addEventListener('abort', forward, { once: true });
        const result = await llm
          .generate({
            messages: turns,
            maxTokens: deps.maxTokens,
            signal: generation.signal,
            onToken: (piece) => {
              show(output.push(guard.push(piece)));
              if ((guard.tripped || output.flag) && !generation.signal.aborted) generation.abort(new Error('answer stopped by a guard'));
            },
          })
          .finally(() => signal.removeEventListener('abort', forward));
        show(output.push(guard.flush()));
        show(output.end());
        if (output.flag) {
          show(OUTPUT_STOPPED_NOTICE);
          logger.warn({ conversationId: conversation.id, categories: output.flag.categories }, 'answer stopped by output moderation');
        } else if (guard.tripped) {
          show(GUARD_NOTICE);
          logger.info({ conversationId: conversation.id }, 'answer guard tripped');
        }
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
        const status = 'complete';
        const messageId = await storeMessage(conversation, 'tutor', text, status);
        logger.info({ conversationId: conversation.id, tokens: result.tokenCount, ms: clock.now() - started, status }, 'answer stored');
        emit({ event: 'done', data: { messageId } });
        outcome = 'complete';
      } catch (error) {
        const aborted = signal.aborted;
        // What was held back for judging is shown once judged, so the stored partial answer is what the pupil saw.
        if (!output.flag && !guard.tripped) {
          show(output.push(guard.flush()));
          show(output.end());
        }
        if (aborted || text.length > 0) await storeMessage(conversation, 'tutor', text, aborted ? 'interrupted' : 'error').catch(() => undefined);
        outcome = error instanceof QueueFullError ? 'queue_full' : error instanceof LlmUnavailableError ? 'no_model' : aborted ? 'interrupted' : 'error';
        if (error instanceof QueueFullError) {
          emit({ event: 'error', data: { code: 'queue_full', message: 'Beaucoup d’élèves utilisent le tuteur en ce moment. Réessaie dans une minute.' } });
        } else if (error instanceof LlmUnavailableError) {
          emit({ event: 'error', data: { code: 'no_model', message: NO_MODEL_MESSAGE } });
        } else if (error instanceof LlmBackendError) {
          // An inference server failed: its French message says what happened; the question stays stored.
          emit({ event: 'error', data: { code: error.code, message: error.message } });
        } else if (aborted && signal.reason instanceof TutorStoppedError) {
          emit({ event: 'error', data: { code: 'tutor_stopped', message: signal.reason.message } });
        } else if (aborted) {
          emit({ event: 'error', data: { code: 'interrupted', message: 'Réponse interrompue.' } });
        } else {
          logger.error({ conversationId: conversation.id, err: { name: (error as Error).name, message: (error as Error).message } }, 'answer failed');
          emit({ event: 'error', data: { code: 'generation_failed', message: 'Le tuteur n’a pas pu répondre. Ta question est bien enregistrée : réessaie dans un instant.' } });
        }
      } finally {
        answer.onDone(outcome);
        release?.();
        inFlight.delete(actor.id);
      }
    },

    /** "Signaler un problème": the pupil flags an answer (or its own message) to the designated staff. */
    async report(actor: Actor, conversationId: string, messageId: string, reason: string | undefined): Promise<void> {
      const conversation = await repo.findConversation(conversationId);
      if (!conversation) throw notFound('Conversation introuvable.');
      authorize(actor, 'message:report', { kind: 'conversation', pupilId: conversation.pupil_id, schoolId: conversation.school_id }, true);
      const messages = await history(conversation);
      const index = messages.findIndex((m) => m.id === messageId);
      if (index < 0) throw notFound('Message introuvable.');
      const context = messages.slice(Math.max(0, index - 1), index + 1);
      const schoolId = conversation.school_id ?? actor.schoolId ?? '';
      const why = reason ? `\n\nSignalement de l’élève : ${await deps.safety.redactForStorage(schoolId, reason)}` : '';
      await deps.safety.raiseAlert({
        schoolId,
        classId: (actor.classIds ?? [])[0] ?? null,
        pupilId: actor.id,
        conversationId,
        messageId,
        source: 'report',
        categories: ['report'],
        excerpt: context.map((m) => `${m.role === 'pupil' ? 'Élève' : 'Tuteur'} : ${m.text}`).join('\n\n') + why,
      });
    },

    /** Stops at once the answer being written for this person (account disabled, tutor switched off…). */
    abortFor(userId: string, reason: string): void {
      inFlight.get(userId)?.controller.abort(new TutorStoppedError(reason));
    },

    /** A teacher switched the tutor off for a class or an assignment: matching answers stop now. */
    stopWhere(filter: { classId?: string; assignmentId?: string }, message: string): void {
      for (const running of inFlight.values()) {
        if ((filter.classId && running.classId === filter.classId) || (filter.assignmentId && running.assignmentId === filter.assignmentId)) {
          running.controller.abort(new TutorStoppedError(message));
        }
      }
    },

    /** Shutdown: every running answer stops and is stored marked interrupted. */
    abortAll(reason: string): void {
      for (const running of inFlight.values()) running.controller.abort(new TutorStoppedError(reason));
    },

    stats: () => ({ ...scheduler.stats(), inFlight: inFlight.size }),
  };
}

export type ChatService = ReturnType<typeof createChatService>;
