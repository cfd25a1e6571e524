// Embedded LLM backend: a GGUF model run in-process by node-llama-cpp (llama.cpp), one context whose
// parallel sequences serve that many conversations at once.

import { basename } from 'node:path';
import type {
  ChatHistoryItem,
  ChatWrapper,
  GbnfJsonSchema,
  Llama,
  LlamaChatResponse,
  LlamaContext,
  LlamaContextSequence,
  LlamaChat,
  LlamaGrammar,
  LlamaModel,
} from 'node-llama-cpp';
import { createBatchOrder, type BatchOrder } from './batch-order.ts';
import { fitHistory } from './fit-history.ts';
import { chooseParallel, DEFAULT_PARALLEL, sequenceShape } from './parallel.ts';
import {
  LlmUnavailableError,
  type ChatTurn,
  type GenerateRequest,
  type GenerateResult,
  type JsonAnswerFormat,
  type LlmLogger,
  type LlmProvider,
  type LlmStatus,
} from './llm.types.ts';
import { checkModelFile, describeLoadError } from './model-file.ts';
import { createSlotPool, type SlotPool } from './slot-pool.ts';

export interface LlamaCppProviderOptions {
  /** GGUF file; undefined means no model configured (status 'none'). */
  modelPath?: string;
  /** CPU threads for evaluation. Must be set: node-llama-cpp's default (4) is ~300x slower on 2 cores. */
  threads: number;
  /**
   * Conversations generated at once (context sequences). Default: as many as the free memory holds beside the model,
   * at most 8 (parallel.ts), or 2 when `contextSize` is set; fewer if the context cannot be created.
   */
  parallel?: number;
  /** Tokens of context shared by all sequences. Default: the model's training context, at most 4096. */
  contextSize?: number;
  /** Let llama.cpp use a GPU when one is usable (default: CPU only, the common school server). */
  gpu?: boolean;
  /** Memory the system can still give, for the default `parallel` (default: process.availableMemory()). */
  availableMemory?: () => number;
  logger?: LlmLogger;
}

export interface LlamaCppProvider extends LlmProvider {
  /** Settles when loading has finished, whether the model is ready or failed (see status()). Never rejects. */
  ready(): Promise<void>;
}

/** Slack between our prompt count and what LlamaChat evaluates, so a context shift is never needed. */
const SAFETY_TOKENS = 8;
/** A failed load can leave node-llama-cpp's dispose waiting forever (a GC race in 3.22); never hang shutdown on it. */
const DISPOSE_TIMEOUT_MS = 3000;

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

interface Engine {
  model: LlamaModel;
  context: LlamaContext;
  order: BatchOrder;
  wrapper: ChatWrapper;
  pool: SlotPool<Slot>;
  parallel: number;
}

const silentLogger: LlmLogger = { info() {}, warn() {}, error() {} };

export function createLlamaCppProvider(options: LlamaCppProviderOptions): LlamaCppProvider {
  const logger = options.logger ?? silentLogger;
  const threads = Math.max(1, Math.floor(options.threads));
  const requestedParallel = options.parallel === undefined ? undefined : Math.max(1, Math.floor(options.parallel));
  const closing = new AbortController();
  const running = new Set<Promise<GenerateResult>>();
  let status: LlmStatus = { state: 'none' };
  let llama: Llama | undefined;
  let engine: Engine | undefined;
  let closed: Promise<void> | undefined;
  // Compiling a JSON schema into a grammar costs more than a short answer: once per schema (callers keep theirs).
  const grammars = new WeakMap<JsonAnswerFormat['schema'], Promise<LlamaGrammar>>();

  function grammarFor(format: JsonAnswerFormat | undefined): Promise<LlamaGrammar> | undefined {
    if (!format || !llama) return undefined;
    let grammar = grammars.get(format.schema);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema<GbnfJsonSchema>(format.schema);
      grammars.set(format.schema, grammar);
    }
    return grammar;
  }

  async function load(modelPath: string): Promise<void> {
    const modelName = basename(modelPath);
    status = { state: 'loading', modelName };
    try {
      await checkModelFile(modelPath);
      const { getLlama, LlamaLogLevel, LlamaChat, resolveChatWrapper } = await import('node-llama-cpp');
      llama = await getLlama({
        build: 'never',
        gpu: options.gpu ? 'auto' : false,
        maxThreads: threads,
        logLevel: LlamaLogLevel.error,
        logger: (_level, message) => logger.error({ component: 'llama.cpp', message: message.trim() }, 'llama.cpp error'),
      });
      const model = await llama.loadModel({ modelPath, loadSignal: closing.signal });
      const order = createBatchOrder();
      const context = await createContext(model, llama, order);
      const wrapper = resolveChatWrapper(model);
      const slots: Slot[] = [];
      for (let i = 0; i < context.totalSequences; i++) {
        const sequence = context.getSequence();
        slots.push({ sequence, chat: new LlamaChat({ contextSequence: sequence, chatWrapper: wrapper }) });
      }
      engine = { model, context, order, wrapper, pool: createSlotPool(slots), parallel: slots.length };
      status = {
        state: 'ready',
        modelName,
        contextSize: context.contextSize,
        parallel: slots.length,
        backend: llama.gpu === false ? 'llama.cpp (CPU)' : `llama.cpp (${llama.gpu})`,
        chatFormat: wrapper.wrapperName,
      };
      logger.info({ model: modelName, contextSize: context.contextSize, parallel: slots.length, threads, chatFormat: wrapper.wrapperName }, 'language model loaded');
    } catch (error) {
      if (closing.signal.aborted) return; // closed while loading: not a failure of the model
      status = { state: 'error', modelName, message: describeLoadError(error) };
      logger.error({ model: modelName, err: error }, 'language model failed to load');
    }
  }

  /** How many sequences, of how many tokens each: what the administrator set, or what memory allows. */
  async function contextShape(model: LlamaModel, loaded: Llama): Promise<{ sequences: number; perSequence: number }> {
    const shape = sequenceShape(model.trainContextSize, { parallel: requestedParallel, contextSize: options.contextSize });
    const perSequence = shape.perSequenceTokens;
    if (shape.sequences !== null) return { sequences: shape.sequences, perSequence };
    const vramBudget = loaded.gpu === false ? 0 : (await loaded.getVramState()).free * 0.9;
    const choice = await chooseParallel({
      availableBytes: (options.availableMemory ?? (() => process.availableMemory()))(),
      modelBytes: model.size,
      contextBytes: async (sequences) => {
        const needs = await model.fileInsights.estimateContextResourceRequirementsV2({ contextSize: perSequence * sequences, sequences, modelGpuLayers: model.gpuLayers });
        return needs.gpuVram > vramBudget ? Number.POSITIVE_INFINITY : needs.cpuRam;
      },
    });
    logger.info({ parallel: choice.parallel, perSequenceTokens: perSequence, budgetBytes: choice.budgetBytes, neededBytes: choice.neededBytes }, 'parallel sequences chosen from free memory');
    return { sequences: choice.parallel, perSequence };
  }

  /** One context with as many sequences as wanted, or fewer when it cannot be created. */
  async function createContext(model: LlamaModel, loaded: Llama, order: BatchOrder): Promise<LlamaContext> {
    const { sequences: wanted, perSequence } = await contextShape(model, loaded);
    let lastError: unknown;
    for (let sequences = wanted; sequences >= 1; sequences--) {
      try {
        return await model.createContext({
          sequences,
          contextSize: perSequence,
          threads,
          batching: { itemPrioritizationStrategy: order.strategy },
          createSignal: closing.signal,
        });
      } catch (error) {
        if (closing.signal.aborted) throw error;
        lastError = error;
        logger.warn({ sequences, contextSize: perSequence, err: error }, 'context creation failed, trying fewer parallel sequences');
      }
    }
    throw lastError;
  }

  const loading = options.modelPath === undefined ? Promise.resolve() : load(options.modelPath);

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    if (request.signal.aborted) return { text: '', finishReason: 'aborted', tokenCount: 0 };
    // A request arriving while the model loads waits for it rather than failing.
    await untilSettledOrAborted(loading, request.signal);
    if (request.signal.aborted) return { text: '', finishReason: 'aborted', tokenCount: 0 };
    const current = engine;
    if (!current || closed) throw unavailableError(status, closed !== undefined);
    if (request.maxTokens <= 0) return { text: '', finishReason: 'length', tokenCount: 0 };

    const run = generateOn(current, request);
    running.add(run);
    try {
      return await run;
    } finally {
      running.delete(run);
    }
  }

  async function generateOn(current: Engine, request: GenerateRequest): Promise<GenerateResult> {
    const signal = AbortSignal.any([request.signal, closing.signal]);
    const slot = await current.pool.acquire(signal);
    if (!slot) return { text: '', finishReason: 'aborted', tokenCount: 0 };
    let text = '';
    let tokenCount = 0;
    // From its first token on, this answer is streamed: the batch order then keeps prompts from holding it up.
    let answerEnded: (() => void) | undefined;
    try {
      const { history, maxTokens } = preparePrompt(current, request.messages, request.maxTokens);
      const grammar = await grammarFor(request.json);
      const response = await slot.chat.generateResponse(history, {
        ...(grammar ? { grammar } : {}),
        signal,
        stopOnAbortSignal: true,
        maxTokens,
        onTextChunk(chunk) {
          if (chunk === '') return;
          text += chunk;
          request.onToken(chunk);
        },
        onToken(tokens) {
          tokenCount += tokens.length;
          answerEnded ??= current.order.answerStarted();
        },
      });
      return { text, tokenCount, finishReason: finishReasonOf(response.metadata.stopReason) };
    } catch (error) {
      // Aborting before the first token makes node-llama-cpp throw instead of returning.
      if (signal.aborted) return { text, tokenCount, finishReason: 'aborted' };
      throw error;
    } finally {
      answerEnded?.();
      try {
        // The next conversation on this sequence must not see (or reuse) this one's tokens.
        await slot.sequence.clearHistory();
      } finally {
        current.pool.release(slot);
      }
    }
  }

  async function close(): Promise<void> {
    closed ??= (async () => {
      closing.abort();
      engine?.pool.close(new LlmUnavailableError('Le modèle de langage est arrêté.'));
      await loading;
      await Promise.allSettled(running);
      const [disposing, disposingLlama] = [engine, llama];
      engine = undefined;
      llama = undefined;
      status = { state: 'none' };
      // Context and model first: their memory is freed even if the Llama instance's dispose hangs.
      await disposing?.context.dispose();
      await disposing?.model.dispose();
      if (disposingLlama) {
        await withTimeout(disposingLlama.dispose(), DISPOSE_TIMEOUT_MS, () => logger.warn({}, 'llama.cpp did not finish disposing'));
      }
    })();
    return closed;
  }

  return {
    status: () => ({ ...status }),
    get parallel() {
      return engine?.parallel ?? requestedParallel ?? DEFAULT_PARALLEL;
    },
    generate,
    close,
    ready: () => loading,
  };
}

/**
 * Renders the conversation within the sequence's context: room is kept for the answer (up to half the
 * context), older turns are dropped to make the prompt fit, and the answer is capped to what remains.
 */
function preparePrompt(engine: Engine, messages: readonly ChatTurn[], requestedMaxTokens: number) {
  const contextSize = engine.context.contextSize;
  const answerRoom = Math.min(requestedMaxTokens, Math.floor(contextSize / 2));
  const countTokens = (turns: readonly ChatTurn[]): number =>
    engine.wrapper.generateContextState({ chatHistory: toChatHistory(turns) }).contextText.tokenize(engine.model.tokenizer).length;
  const { turns, tokens } = fitHistory(messages, contextSize - answerRoom - SAFETY_TOKENS, countTokens);
  const maxTokens = Math.max(1, Math.min(requestedMaxTokens, contextSize - tokens - SAFETY_TOKENS));
  return { history: toChatHistory(turns), maxTokens };
}

/** node-llama-cpp's history format; the empty model turn at the end is the answer to generate. */
function toChatHistory(turns: readonly ChatTurn[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = turns.map((turn): ChatHistoryItem => {
    if (turn.role === 'assistant') return { type: 'model', response: [turn.content] };
    return { type: turn.role, text: turn.content };
  });
  history.push({ type: 'model', response: [] });
  return history;
}

function finishReasonOf(stopReason: LlamaChatResponse['metadata']['stopReason']): GenerateResult['finishReason'] {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'abort') return 'aborted';
  return 'stop';
}

function unavailableError(status: LlmStatus, closed: boolean): LlmUnavailableError {
  if (closed) return new LlmUnavailableError('Le modèle de langage est arrêté.');
  if (status.state === 'error') return new LlmUnavailableError(`Le modèle de langage n’a pas pu être chargé : ${status.message}`);
  return new LlmUnavailableError();
}

async function untilSettledOrAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

async function withTimeout(promise: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
