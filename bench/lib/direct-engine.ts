// The baseline: node-llama-cpp driven directly, with the settings the embedded provider uses (one context,
// `parallel` sequences, the same threads and context per sequence, the same chat wrapper and prompt
// fitting), without HTTP, sessions, policies, storage, encryption or the scheduler.
import { performance } from 'node:perf_hooks';
import type { ChatHistoryItem, Llama, LlamaChat, LlamaContext, LlamaContextSequence, LlamaModel, ChatWrapper } from 'node-llama-cpp';
import { buildChatTurns, buildSystemPrompt, loadPromptLibrary } from '../../src/server/modules/chat/prompt.ts';
import type { Level } from '../../src/shared/roles.ts';
import { createBatchOrder } from '../../src/server/modules/llm/batch-order.ts';
import { fitHistory } from '../../src/server/modules/llm/fit-history.ts';
import { createOutputGate } from '../../src/server/modules/chat/output-gate.ts';
import type { ChatTurn } from '../../src/server/modules/llm/llm.types.ts';

export interface DirectEngineOptions {
  modelPath: string;
  threads: number;
  parallel: number;
  /** Tokens per sequence (the provider's context.contextSize). */
  sequenceContext: number;
}

export interface DirectTiming {
  startedAt: number;
  firstTokenAt: number | null;
  /**
   * The earliest our path could show anything: when our output gate (chat/output-gate.ts), fed the same text, would
   * first release some (it waits for a judged word boundary, or a first word no forbidden word begins like).
   */
  firstShowableAt: number | null;
  doneAt: number;
  /** Tokens generated, and the characters of text they decoded to. */
  tokens: number;
  chars: number;
}

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

export interface DirectEngine {
  /**
   * Generates an answer to `turns` (waiting for a free sequence first, in arrival order); `untilShowable`: stops once
   * the first showable text is there (time-to-first-token samples), the prompt fitted for `maxTokens` all the same.
   */
  answer(turns: ChatTurn[], maxTokens: number, options?: { untilShowable?: boolean }): Promise<DirectTiming>;
  close(): Promise<void>;
}

/**
 * What the chat service sends for the first question of a conversation opened without an assignment or a
 * subject (default mode) by a pupil of a class at `level`.
 */
export function firstQuestionTurns(question: string, level: Level): ChatTurn[] {
  const systemPrompt = buildSystemPrompt(loadPromptLibrary(), { mode: 'guidage', subject: null, level, statement: null });
  return buildChatTurns(systemPrompt, [{ author: 'pupil', text: question }]);
}

const SAFETY_TOKENS = 8;

export async function openDirectEngine(options: DirectEngineOptions): Promise<DirectEngine> {
  const { getLlama, LlamaLogLevel, LlamaChat, resolveChatWrapper } = await import('node-llama-cpp');
  const llama: Llama = await getLlama({ build: 'never', gpu: false, maxThreads: options.threads, logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: options.modelPath });
  const order = createBatchOrder();
  const context: LlamaContext = await model.createContext({
    sequences: options.parallel,
    contextSize: options.sequenceContext,
    threads: options.threads,
    batching: { itemPrioritizationStrategy: order.strategy },
  });
  const wrapper: ChatWrapper = resolveChatWrapper(model);
  const free: Slot[] = [];
  for (let i = 0; i < context.totalSequences; i++) {
    const sequence = context.getSequence();
    free.push({ sequence, chat: new LlamaChat({ contextSequence: sequence, chatWrapper: wrapper }) });
  }
  const waiting: ((slot: Slot) => void)[] = [];
  const acquire = (): Promise<Slot> => {
    const slot = free.shift();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };

  const toHistory = (turns: readonly ChatTurn[]): ChatHistoryItem[] => [
    ...turns.map((turn): ChatHistoryItem => (turn.role === 'assistant' ? { type: 'model', response: [turn.content] } : { type: turn.role, text: turn.content })),
    { type: 'model', response: [] },
  ];
  const countTokens = (turns: readonly ChatTurn[]) =>
    wrapper.generateContextState({ chatHistory: toHistory(turns) }).contextText.tokenize(model.tokenizer).length;

  return {
    async answer(turns, requestedMaxTokens, options = {}) {
      const startedAt = performance.now();
      const slot = await acquire();
      // From its first token on, this answer is streamed: the batch order then keeps prompts from holding it up.
      let answerEnded: (() => void) | undefined;
      try {
        // Same room for the answer and the same fitting as the provider, so both paths evaluate the same tokens.
        const contextSize = context.contextSize;
        const answerRoom = Math.min(requestedMaxTokens, Math.floor(contextSize / 2));
        const fitted = fitHistory(turns, contextSize - answerRoom - SAFETY_TOKENS, countTokens);
        const maxTokens = Math.max(1, Math.min(requestedMaxTokens, contextSize - fitted.tokens - SAFETY_TOKENS));
        let firstTokenAt: number | null = null;
        let firstShowableAt: number | null = null;
        let tokens = 0;
        let chars = 0;
        // Our path's own release rule, run on the direct text: no copy of it to drift apart.
        const gate = createOutputGate();
        const stop = new AbortController();
        await slot.chat.generateResponse(toHistory(fitted.turns), {
          maxTokens,
          signal: stop.signal,
          stopOnAbortSignal: true,
          onTextChunk(chunk) {
            if (chunk === '') return;
            chars += chunk.length;
            firstTokenAt ??= performance.now();
            if (firstShowableAt === null) {
              if (gate.push(chunk) !== '') {
                firstShowableAt = performance.now();
                if (options.untilShowable) stop.abort();
              }
            }
          },
          onToken(generated) {
            tokens += generated.length;
            answerEnded ??= order.answerStarted();
          },
        });
        return { startedAt, firstTokenAt, firstShowableAt, doneAt: performance.now(), tokens, chars };
      } finally {
        answerEnded?.();
        await slot.sequence.clearHistory();
        release(slot);
      }
    },
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
