// The one interface every language-model backend implements (embedded llama.cpp, OpenAI-compatible server).
import type { GbnfJsonSchema } from 'node-llama-cpp';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatTurn {
  role: ChatRole;
  content: string;
}

export interface GenerateRequest {
  /** Full conversation, system prompt first, the pupil's latest message last. */
  messages: ChatTurn[];
  /** Hard cap on generated tokens. */
  maxTokens: number;
  /** Aborting stops generation promptly; the promise then resolves with finishReason 'aborted'. */
  signal: AbortSignal;
  /** Called for each streamed piece of text, in order, as soon as it is decoded. */
  onToken: (text: string) => void;
  /**
   * Constrains the answer to JSON of this schema: a grammar on the embedded engine (the output then always
   * parses), `response_format` on OpenAI-compatible servers (which may ignore it: callers validate the text).
   */
  json?: JsonAnswerFormat;
  /**
   * Model name for the OpenAI-compatible servers (the class's choice in the model catalogue); none: the
   * configured one. The embedded engine has one loaded model and ignores it.
   */
  model?: string;
  /**
   * Greedy decoding with a fixed seed, so two runs give the same text (`tuteur eval` compares models this way).
   * The embedded engine always decodes greedily; OpenAI-compatible servers are sent temperature 0 and a seed.
   */
  deterministic?: boolean;
}

/** A JSON schema in the subset node-llama-cpp turns into a grammar, with the name OpenAI servers require. */
export interface JsonAnswerFormat {
  name: string;
  schema: GbnfJsonSchema;
}

export interface GenerateResult {
  /** Everything generated (the concatenation of every onToken call). */
  text: string;
  finishReason: 'stop' | 'length' | 'aborted';
  tokenCount: number;
}

export type LlmStatus =
  | { state: 'none' }
  | { state: 'loading'; modelName: string }
  | {
      state: 'ready';
      modelName: string;
      /** Tokens one conversation can hold (per parallel sequence). */
      contextSize: number;
      parallel: number;
      backend: string;
      /** Chat format in use (from the model's template, or the backend's fallback), for the admin page. */
      chatFormat?: string;
    }
  | {
      state: 'error';
      modelName: string;
      message: string;
      /**
       * What a pupil is told while this lasts, when it is not "no model installed" (the model is there but its
       * servers do not answer). The question is not stored yet: the message must not say it is.
       */
      unavailable?: { code: string; message: string };
    };

export interface LlmProvider {
  /** What the admin page and /readyz show. Never throws. */
  status(): LlmStatus;
  /** How many generations may run at once without waiting (parallel sequences / backend slots). */
  readonly parallel: number;
  /** Rejects with LlmUnavailableError when no model is ready. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close(): Promise<void>;
}

/** The subset of pino's logger the providers use (never given pupil content). */
export interface LlmLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class LlmUnavailableError extends Error {
  constructor(message = 'Aucun modèle de langage n’est chargé.') {
    super(message);
    this.name = 'LlmUnavailableError';
  }
}
