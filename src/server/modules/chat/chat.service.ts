// Conversations of a pupil and the answer to a message: store the question (committed first), wait for a
// slot, stream the model's answer, store it complete or marked interrupted.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConversationDetail, ConversationSummary, MessageSource, MessageView } from '../../../shared/api.ts';
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
import { quotaExceeded, type GateResult, type TutoringService } from '../tutoring/tutoring.service.ts';
import { CARE_INSTRUCTION, BLOCKED_MESSAGE, OUTPUT_STOPPED_NOTICE } from '../safety/care-message.ts';
import type { SafetyService, Screening } from '../safety/safety.service.ts';
import { createAnswerGuard, GUARD_NOTICE } from './answer-guard.ts';
import { createOutputGate } from './output-gate.ts';
import { LeaseTakenError, type ChatRepo } from './chat.repo.ts';
import type { CourseExcerptSource } from '../documents/documents.service.ts';
import { buildChatTurns, buildSystemPrompt, type PromptLibrary } from './prompt.ts';
import { QueueFullError, type Scheduler } from './scheduler.ts';

export type ChatEvent =
  | { event: 'stored'; data: { messageId: string } }
  | { event: 'care'; data: { message: string; helpLines: { number: string; name: string; description: string }[]; schoolContacts: string } }
  | { event: 'queued'; data: { position: number } }
  | { event: 'token'; data: { text: string } }
  | { event: 'done'; data: { messageId: string; sources?: MessageSource[] } }
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
  /** Names this instance in the answer leases (default: host, process id and a random part). */
  instanceId?: string;
  /** How long a running answer's lease lasts without renewal: a dead instance's pupils wait this at most. */
  leaseTtlMs?: number;
  /**
   * The pupil's catalogue model (its name for OpenAI-compatible servers; undefined: the configured one), by
   * the same rule as the AI notice (models.modelForPupil), so a pupil in several classes sees the model it talks to.
   */
  modelFor?: (pupilId: string) => Promise<string | undefined>;
  /** Passages of the assignment's course documents relevant to a message (none without documents). */
  documents?: CourseExcerptSource;
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
  /** The question is stored and the lease taken, until the answer that ends it is being stored (renewals check it meanwhile). */
  leased: boolean;
}

/** The pupil's running answer, in the database: one per pupil across every instance. */
const LEASE_TTL_MS = 10_000;
/** Renewal also carries stops asked on another instance (revocation, a teacher's switch): their delay. */
const LEASE_RENEW_MS = 1_000;
const IN_PROGRESS_MESSAGE = 'Attends la fin de la réponse en cours avant d’envoyer un autre message.';

/** A lease holder on this machine whose process is gone has died: its lease need not wait to expire. */
function holderIsDeadHere(instanceId: string): boolean {
  const [host, pidText] = instanceId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
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
  // One answer in flight per pupil: fairness, and the handle used to stop it at once on revocation. The map
  // is this instance's; the lease in the database makes the rule hold across instances.
  const inFlight = new Map<string, InFlight>();
  const instanceId = deps.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseTtlMs = deps.leaseTtlMs ?? LEASE_TTL_MS;
  let renewal: NodeJS.Timeout | undefined;

  /** While answers run here: keeps their leases alive and applies the stops other instances asked for. */
  async function renewLeases(): Promise<void> {
    // Only the answers leased before the renewal is sent can be judged by its result: a pupil's next answer
    // may take a new lease while the renewal is on its way.
    const checked = [...inFlight].filter(([, running]) => running.leased);
    const held = new Map((await repo.renewLeases(instanceId, clock.now() + leaseTtlMs)).map((l) => [l.pupil_id, l.stop_reason]));
    for (const [pupilId, running] of checked) {
      if (inFlight.get(pupilId) !== running || running.controller.signal.aborted || !running.leased) continue;
      const reason = held.get(pupilId);
      if (reason === undefined) {
        // Expired and taken by another instance (this one stalled longer than the lease): two answers must not run.
        logger.warn({ instanceId }, 'answer lease lost: answer stopped');
        running.controller.abort(new Error('answer lease lost'));
      }
      else if (reason !== null) running.controller.abort(new TutorStoppedError(reason));
    }
  }

  function track(pupilId: string, running: InFlight): void {
    inFlight.set(pupilId, running);
    renewal ??= setInterval(() => {
      renewLeases().catch((error: unknown) => logger.warn({ err: { message: (error as Error).message } }, 'answer lease renewal failed'));
    }, LEASE_RENEW_MS).unref();
  }

  function untrack(pupilId: string): void {
    inFlight.delete(pupilId);
    if (inFlight.size === 0 && renewal) {
      clearInterval(renewal);
      renewal = undefined;
    }
  }

  /** Answers running on other instances stop at their next lease renewal (within LEASE_RENEW_MS). */
  function requestStopElsewhere(filter: { pupilId?: string; classId?: string; assignmentId?: string }, reason: string): void {
    repo.requestStop(filter, reason).catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'stop request not recorded'));
  }

  /** Stores the pupil's question with its lease and quota count; a lease left by a dead process here is taken over. */
  async function storeQuestion(actor: Actor, conversation: ConversationsTable, gate: GateResult, text: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await storeMessage(conversation, 'pupil', text, 'complete', [], { actor, gate });
      } catch (error) {
        if (!(error instanceof LeaseTakenError)) throw error;
        const holder = await repo.findLease(actor.id);
        if (attempt > 0 || !holder || !holderIsDeadHere(holder.instance_id)) {
          metrics.onRejected('answer_in_progress');
          throw new HttpError(409, 'answer_in_progress', IN_PROGRESS_MESSAGE);
        }
        await repo.releaseLease(actor.id, holder.instance_id);
      }
    }
  }

  const field = (table: string, column: string, rowId: string) => ({ table, column, rowId });

  async function readText(ownerId: string, table: string, column: string, rowId: string, ciphertext: string): Promise<string> {
    try {
      return await cipher.decrypt(ownerId, field(table, column, rowId), ciphertext);
    } catch (error) {
      if (error instanceof ShreddedKeyError) return ERASED_TEXT;
      throw error;
    }
  }

  /** The course passages an answer drew on; none when they cannot be read any more (erased key). */
  async function readSources(ownerId: string, messageId: string, ciphertext: string): Promise<MessageSource[]> {
    try {
      return JSON.parse(await cipher.decrypt(ownerId, field('messages', 'sources', messageId), ciphertext)) as MessageSource[];
    } catch {
      return [];
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
        // Shown to the pupil only; the model's history does not need them.
        ...(m.sources_enc && limit === undefined ? { sources: await readSources(conversation.pupil_id, m.id, m.sources_enc) } : {}),
      })),
    );
  }

  async function storeMessage(
    conversation: ConversationsTable,
    author: 'pupil' | 'tutor',
    shownText: string,
    status: MessageView['status'],
    sources: readonly MessageSource[] = [],
    /** The pupil's question (takes the answer's lease), or the answer that ends it. */
    lease?: { actor: Actor; gate: GateResult } | 'end',
  ) {
    const id = randomUUID();
    const now = clock.now();
    // The model may repeat personal data the pupil typed: masked before storage like the pupil's own text.
    const text = author === 'tutor' ? await deps.safety.redactForStorage(conversation.school_id ?? '', shownText) : shownText;
    const contentEnc = await cipher.encrypt(conversation.pupil_id, field('messages', 'content', id), text);
    const update: { updated_at: number; title_enc?: string } = { updated_at: now };
    if (author === 'pupil' && conversation.title_enc === null) {
      update.title_enc = await cipher.encrypt(conversation.pupil_id, field('conversations', 'title', conversation.id), text.slice(0, TITLE_LENGTH));
    }
    const sourcesEnc = sources.length > 0 ? await cipher.encrypt(conversation.pupil_id, field('messages', 'sources', id), JSON.stringify(sources)) : null;
    const message = { id, conversation_id: conversation.id, author, content_enc: contentEnc, status, created_at: now, sources_enc: sourcesEnc };
    if (lease === undefined || lease === 'end') {
      await repo.appendMessage(message, update, lease === 'end' ? { pupilId: conversation.pupil_id, instanceId } : undefined);
      return id;
    }
    const { actor, gate } = lease;
    await repo.appendPupilMessage({
      lease: { pupil_id: actor.id, instance_id: instanceId, class_id: gate.classId, assignment_id: conversation.assignment_id, started_at: now, expires_at: now + leaseTtlMs },
      message,
      conversationUpdate: update,
      windows: gate.quota.windows,
      // Checked again where it is counted: exact even when two instances take messages of one pupil.
      accept: (counts) => {
        if (counts.day > gate.quota.dayLimit) throw quotaExceeded('day', gate.quota.dayLimit);
        if (counts.week > gate.quota.weekLimit) throw quotaExceeded('week', gate.quota.weekLimit);
      },
    });
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
      return { ...(await summary(conversation)), messages: await deps.safety.withCare(conversation, await history(conversation)) };
    },

    /** Checks everything that can refuse the message, then commits it. Errors here are plain HTTP answers. */
    async prepareMessage(actor: Actor, conversationId: string, text: string): Promise<PreparedMessage> {
      const conversation = await loadOwned(actor, conversationId, 'conversation:write');
      // The school's rules come first: a pupil refused by them is told why, whatever the model's state.
      const gate = await deps.tutoring.gate(actor, conversation.assignment_id);
      const screening = await deps.safety.screenInput(conversation.school_id ?? actor.schoolId ?? '', text);
      if (screening.action === 'block') throw new HttpError(403, 'message_blocked', BLOCKED_MESSAGE);
      // A pupil in distress is answered with care and its message reaches the staff even without a model.
      const llmStatus = llm.status();
      if (llmStatus.state !== 'ready' && !screening.care) {
        metrics.onRejected('no_model');
        // A model whose servers are all down is not "no model installed": the provider says what to tell.
        const told = llmStatus.state === 'error' ? llmStatus.unavailable : undefined;
        if (told) throw new HttpError(503, told.code, told.message, { 'Retry-After': '30' });
        throw new HttpError(503, 'no_model', NO_MODEL_MESSAGE);
      }
      if (inFlight.has(actor.id)) {
        metrics.onRejected('answer_in_progress');
        throw new HttpError(409, 'answer_in_progress', IN_PROGRESS_MESSAGE);
      }
      if (scheduler.isFull()) {
        metrics.onRejected('queue_full');
        throw new HttpError(503, 'queue_full', 'Beaucoup d’élèves utilisent le tuteur en ce moment. Réessaie dans une minute.', { 'Retry-After': '60' });
      }
      const controller = new AbortController();
      const running: InFlight = { controller, classId: gate.classId, assignmentId: conversation.assignment_id, leased: false };
      track(actor.id, running);
      try {
        const pupilMessageId = await storeQuestion(actor, conversation, gate, screening.storedText);
        running.leased = true;
        return { actor, conversation, gate, screening, pupilMessageId, controller };
      } catch (error) {
        untrack(actor.id);
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
      // Whether the stored answer already ended the lease (otherwise it is released at the end).
      let leaseEnded = false;
      const endingLease = () => {
        const running = inFlight.get(actor.id);
        if (running?.controller === controller) running.leased = false;
      };
      // Course passages given to the model, kept with the answer so the pupil sees where it comes from.
      let sources: MessageSource[] = [];
      const show = (piece: string) => {
        if (piece.length === 0) return;
        answer.onToken();
        text += piece;
        emit({ event: 'token', data: { text: piece } });
      };
      try {
        // Kept with the message, so the help is shown again when the pupil comes back to the conversation.
        if (screening.care) await deps.safety.recordCare(conversation, prepared.pupilMessageId, screening.care);
        // Older turns would be dropped by the provider's context fitting anyway: not read nor decrypted.
        const past = await history(conversation, MODEL_HISTORY_MESSAGES);
        const excerpts = (await deps.documents?.excerptsFor(conversation.assignment_id, screening.modelText)) ?? [];
        sources = excerpts.map(({ document, passage }) => ({ document, passage }));
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
          excerpts,
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
            model: await deps.modelFor?.(actor.id),
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
        endingLease();
        const messageId = await storeMessage(conversation, 'tutor', text, status, sources, 'end');
        leaseEnded = true;
        logger.info({ conversationId: conversation.id, tokens: result.tokenCount, ms: clock.now() - started, status }, 'answer stored');
        emit({ event: 'done', data: sources.length > 0 ? { messageId, sources } : { messageId } });
        outcome = 'complete';
      } catch (error) {
        const aborted = signal.aborted;
        // What was held back for judging is shown once judged, so the stored partial answer is what the pupil saw.
        if (!output.flag && !guard.tripped) {
          show(output.push(guard.flush()));
          show(output.end());
        }
        if (aborted || text.length > 0) {
          endingLease();
          leaseEnded = await storeMessage(conversation, 'tutor', text, aborted ? 'interrupted' : 'error', sources, 'end').then(
            () => true,
            () => false,
          );
        }
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
        // Before the response ends, so the pupil's next question (on any instance) finds the lease free.
        if (!leaseEnded) {
          await repo.releaseLease(actor.id, instanceId).catch((error: unknown) => {
            logger.warn({ err: { message: (error as Error).message } }, 'answer lease not released: it lapses by itself');
          });
        }
        untrack(actor.id);
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
      requestStopElsewhere({ pupilId: userId }, reason);
    },

    /** A teacher switched the tutor off for a class or an assignment: matching answers stop now. */
    stopWhere(filter: { classId?: string; assignmentId?: string }, message: string): void {
      for (const running of inFlight.values()) {
        if ((filter.classId && running.classId === filter.classId) || (filter.assignmentId && running.assignmentId === filter.assignmentId)) {
          running.controller.abort(new TutorStoppedError(message));
        }
      }
      requestStopElsewhere(filter, message);
    },

    /** Shutdown: every running answer stops and is stored marked interrupted. */
    abortAll(reason: string): void {
      for (const running of inFlight.values()) running.controller.abort(new TutorStoppedError(reason));
    },

    stats: () => ({ ...scheduler.stats(), inFlight: inFlight.size }),
  };
}

export type ChatService = ReturnType<typeof createChatService>;
