// Graceful stop of a serving instance (SIGTERM from systemd, docker or a deploy): new requests are refused at
// once, running answers get a grace period to finish, then are stopped and stored marked interrupted, so a
// restart loses no pupil message and no pupil waits on a dead stream.
import type { Server } from 'node:http';

/** What the chat service exposes about its running answers. */
export interface RunningAnswers {
  stats(): { inFlight: number };
  abortAll(reason: string): void;
}

export interface ShutdownLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Said to a pupil whose answer is cut by the shutdown: the question is stored, another instance answers it. */
export const SHUTDOWN_MESSAGE = 'Le serveur redémarre : ta question est bien enregistrée, renvoie-la dans un instant.';

export interface DrainTiming {
  /** Time running answers may take to finish on their own. */
  graceMs: number;
  /** After the interruption, time left for the partial answers to be stored before giving up waiting. */
  settleMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for running answers to end, at most `graceMs`; then stops those still running (each is stored marked
 * interrupted by the chat service) and waits for them to be stored. Returns how many ended by themselves and
 * how many were interrupted.
 */
export async function finishRunningAnswers(chat: RunningAnswers, timing: DrainTiming): Promise<{ finished: number; interrupted: number; unsettled: number }> {
  const now = timing.now ?? (() => performance.now());
  const sleep = timing.sleep ?? realSleep;
  const pollMs = timing.pollMs ?? 50;
  const atStart = chat.stats().inFlight;
  const deadline = now() + timing.graceMs;
  while (chat.stats().inFlight > 0 && now() < deadline) await sleep(Math.min(pollMs, Math.max(1, deadline - now())));
  const interrupted = chat.stats().inFlight;
  if (interrupted === 0) return { finished: atStart, interrupted: 0, unsettled: 0 };
  chat.abortAll(SHUTDOWN_MESSAGE);
  const settleDeadline = now() + (timing.settleMs ?? 5000);
  while (chat.stats().inFlight > 0 && now() < settleDeadline) await sleep(pollMs);
  return { finished: Math.max(0, atStart - interrupted), interrupted, unsettled: chat.stats().inFlight };
}

export interface ClosableApp {
  close(): Promise<unknown>;
  server: Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>;
}

/**
 * Stops serving: the listening socket closes now (Fastify answers 503 to requests arriving on kept-alive
 * connections), running answers finish or are interrupted, then the connections they leave open are closed.
 */
export async function stopServing(deps: { app: ClosableApp; chat: RunningAnswers; logger: ShutdownLogger } & DrainTiming): Promise<void> {
  const { app, chat, logger } = deps;
  const closing = app.close();
  logger.info({ running: chat.stats().inFlight, graceMs: deps.graceMs }, 'shutdown: no new requests, waiting for running answers');
  const outcome = await finishRunningAnswers(chat, deps);
  if (outcome.interrupted > 0) logger.warn(outcome, 'shutdown: running answers interrupted after the grace period');
  else logger.info(outcome, 'shutdown: running answers finished');
  // A finished stream leaves a keep-alive connection that Node only closes when idle at close() time;
  // sweep them until the server is closed, then cut whatever is left (nothing is being written any more).
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  let cutOff: NodeJS.Timeout | undefined;
  try {
    const closed = await Promise.race([
      closing.then(() => true),
      new Promise<false>((resolve) => (cutOff = setTimeout(() => resolve(false), deps.settleMs ?? 5000))),
    ]);
    if (!closed) {
      app.server.closeAllConnections();
      await closing;
    }
  } finally {
    clearInterval(sweep);
    clearTimeout(cutOff);
  }
}
