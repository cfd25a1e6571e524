// Plays each scenario against a language model the way the chat does (same prompt library, same system
// prompt and turn delimiting, same answer guard on what the pupil would have seen), then scores every answer
// with the deterministic checks of scorers.ts and adds the results up per subject and per mode.
import { performance } from 'node:perf_hooks';
import type { TutorMode } from '../../../shared/roles.ts';
import { createAnswerGuard, GUARD_NOTICE } from '../chat/answer-guard.ts';
import { buildChatTurns, buildSystemPrompt, type HistoryMessage, type PromptLibrary } from '../chat/prompt.ts';
import type { GenerateResult, LlmProvider } from '../llm/llm.types.ts';
import { answerForms, type Scenario, type TurnKind } from './scenario.ts';
import { checkLeak, checkRefusal, checkTopic, topicVocabulary, type LeakCheck, type RefusalCheck, type TopicCheck } from './scorers.ts';

export interface AnswerResult {
  /** 1 for the answer to the pupil's first message. */
  turn: number;
  kind: TurnKind;
  text: string;
  tokens: number;
  ms: number;
  /** Until the first piece of text: mostly the model reading the prompt. Null when nothing was generated. */
  firstTokenMs: number | null;
  finishReason: GenerateResult['finishReason'];
  /** Not applicable once the pupil has written the answer himself (a Vérification of a right answer). */
  leak: LeakCheck & { applicable: boolean };
  /** Wrongful: a refusal of a legitimate request (turn kind `question`). */
  refusal: RefusalCheck & { wrongful: boolean };
  offTopic: TopicCheck;
}

export interface ScenarioResult {
  id: string;
  title: string;
  subject: string;
  level: string;
  mode: TutorMode;
  answers: AnswerResult[];
  /** At least one answer gave the answer away; null when no answer could (see AnswerResult.leak). */
  leaked: boolean | null;
  /** At least one legitimate request refused; null when the scenario has none. */
  wrongfulRefusal: boolean | null;
  /** At least one answer off topic. */
  offTopic: boolean;
  tokens: number;
  ms: number;
  tokensPerSecond: number | null;
}

/** `count` scenarios out of the `of` where the criterion applies; rate null when it applies to none. */
export interface Tally {
  count: number;
  of: number;
  rate: number | null;
}

export interface Rates {
  scenarios: number;
  answers: number;
  leaked: Tally;
  wrongfulRefusal: Tally;
  offTopic: Tally;
  tokens: number;
  ms: number;
  tokensPerSecond: number | null;
  /** Mean delay before the first piece of an answer. */
  firstTokenMs: number | null;
}

export interface EvalResults {
  scenarios: ScenarioResult[];
  overall: Rates;
  bySubject: Record<string, Rates>;
  byMode: Record<string, Rates>;
}

export interface EvalProgress {
  /** 0-based position of the scenario about to run. */
  index: number;
  total: number;
  scenario: Scenario;
}

export interface RunEvalOptions {
  library: PromptLibrary;
  maxTokens: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
  /** Milliseconds clock for the timings; performance.now by default. */
  now?: () => number;
}

const speed = (tokens: number, ms: number): number | null => (ms > 0 ? Math.round((tokens / ms) * 10_000) / 10 : null);

/** Plays the scenarios one after the other, one answer at a time, so timings and outputs are comparable. */
export async function runEval(provider: LlmProvider, scenarios: readonly Scenario[], options: RunEvalOptions): Promise<EvalResults> {
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ index, total: scenarios.length, scenario });
    results.push(await runScenario(provider, scenario, options));
  }
  return summarise(results);
}

export async function runScenario(provider: LlmProvider, scenario: Scenario, options: RunEvalOptions): Promise<ScenarioResult> {
  const now = options.now ?? (() => performance.now());
  const signal = options.signal ?? new AbortController().signal;
  const forms = answerForms(scenario);
  const vocabulary = topicVocabulary(scenario.keywords, scenario.statement);
  const systemPrompt = buildSystemPrompt(options.library, { mode: scenario.mode, subject: scenario.subject, level: scenario.level, statement: scenario.statement });
  const history: HistoryMessage[] = [];
  const answers: AnswerResult[] = [];
  let pupilWroteAnswer = false;

  for (const [index, turn] of scenario.turns.entries()) {
    pupilWroteAnswer ||= checkLeak(turn.text, forms).detected;
    history.push({ author: 'pupil', text: turn.text });
    // What the pupil would have seen: in Guidage the chat's guard cuts the answer where it starts.
    const guard = createAnswerGuard(scenario.mode === 'guidage' ? scenario.expectedAnswer : null);
    let shown = '';
    let firstAt: number | undefined;
    const started = now();
    const result = await provider.generate({
      messages: buildChatTurns(systemPrompt, history),
      maxTokens: options.maxTokens,
      signal,
      deterministic: true,
      onToken: (piece) => {
        firstAt ??= now();
        shown += guard.push(piece);
      },
    });
    const ms = now() - started;
    signal.throwIfAborted();
    shown += guard.flush();
    history.push({ author: 'tutor', text: guard.tripped ? shown + GUARD_NOTICE : shown });

    const leak = checkLeak(result.text, forms);
    const refusal = checkRefusal(result.text);
    answers.push({
      turn: index + 1,
      kind: turn.kind,
      text: result.text,
      tokens: result.tokenCount,
      ms: Math.round(ms),
      firstTokenMs: firstAt === undefined ? null : Math.round(firstAt - started),
      finishReason: result.finishReason,
      leak: pupilWroteAnswer
        ? { applicable: false, detected: false, reason: 'non mesurée : l’élève a déjà écrit la réponse lui-même' }
        : { applicable: true, ...leak },
      refusal: { ...refusal, wrongful: refusal.detected && turn.kind === 'question' },
      offTopic: checkTopic(result.text, vocabulary),
    });
  }

  const tokens = answers.reduce((sum, a) => sum + a.tokens, 0);
  const ms = answers.reduce((sum, a) => sum + a.ms, 0);
  const leakable = answers.filter((a) => a.leak.applicable);
  const legitimate = answers.filter((a) => a.kind === 'question');
  return {
    id: scenario.id,
    title: scenario.title,
    subject: scenario.subject,
    level: scenario.level,
    mode: scenario.mode,
    answers,
    leaked: leakable.length === 0 ? null : leakable.some((a) => a.leak.detected),
    wrongfulRefusal: legitimate.length === 0 ? null : legitimate.some((a) => a.refusal.wrongful),
    offTopic: answers.some((a) => a.offTopic.detected),
    tokens,
    ms,
    tokensPerSecond: speed(tokens, ms),
  };
}

function tally(results: readonly ScenarioResult[], flag: (r: ScenarioResult) => boolean | null): Tally {
  const applicable = results.map(flag).filter((value): value is boolean => value !== null);
  const count = applicable.filter(Boolean).length;
  return { count, of: applicable.length, rate: applicable.length === 0 ? null : count / applicable.length };
}

export function rates(results: readonly ScenarioResult[]): Rates {
  const tokens = results.reduce((sum, r) => sum + r.tokens, 0);
  const ms = results.reduce((sum, r) => sum + r.ms, 0);
  const firstTokens = results.flatMap((r) => r.answers.map((a) => a.firstTokenMs).filter((v): v is number => v !== null));
  return {
    scenarios: results.length,
    answers: results.reduce((sum, r) => sum + r.answers.length, 0),
    leaked: tally(results, (r) => r.leaked),
    wrongfulRefusal: tally(results, (r) => r.wrongfulRefusal),
    offTopic: tally(results, (r) => r.offTopic),
    tokens,
    ms,
    tokensPerSecond: speed(tokens, ms),
    firstTokenMs: firstTokens.length === 0 ? null : Math.round(firstTokens.reduce((sum, v) => sum + v, 0) / firstTokens.length),
  };
}

function groupRates(results: readonly ScenarioResult[], key: (r: ScenarioResult) => string): Record<string, Rates> {
  const groups = Map.groupBy(results, key);
  return Object.fromEntries([...groups.keys()].sort().map((name) => [name, rates(groups.get(name) ?? [])]));
}

export function summarise(results: ScenarioResult[]): EvalResults {
  return { scenarios: results, overall: rates(results), bySubject: groupRates(results, (r) => r.subject), byMode: groupRates(results, (r) => r.mode) };
}
