// What the operations tests set up around real Tuteur processes: a tiny model written for the run, the
// environment of an instance, a school and a pupil seeded through the services as the CLI would.
import { join } from 'node:path';
import { openCliContext } from '../../../cli/context.ts';
import { loadConfig } from '../../config.ts';
import { writeTinyLlamaGguf } from '../../modules/llm/testing/tiny-gguf.ts';
import type { Actor } from '../../policies/policies.ts';
import { seedSchool, seedUser, TEST_PASSWORD, type SeededSchool } from '../../testing/test-app.ts';

export { TEST_PASSWORD };

/**
 * A random-weight llama small enough to load in a second and fast on one thread. Its long context lets an
 * answer run for seconds with a large TUTEUR_LLM_MAX_TOKENS (the random model rarely picks end-of-turn).
 */
export async function writeTestModel(dir: string, contextLength = 8192): Promise<string> {
  const path = join(dir, 'tiny.gguf');
  await writeTinyLlamaGguf(path, { seed: 5, contextLength });
  return path;
}

/** Environment of an instance: its data directory (key file inside), the model, one thread. */
export function instanceEnv(options: { dataDir: string; modelPath: string; databaseUrl?: string; maxTokens: number; extra?: Record<string, string> }): Record<string, string> {
  return {
    TUTEUR_DATA_DIR: options.dataDir,
    TUTEUR_MODEL_PATH: options.modelPath,
    TUTEUR_LLM_THREADS: '1',
    TUTEUR_LLM_PARALLEL: '2',
    TUTEUR_LLM_CONTEXT_SIZE: '8192',
    TUTEUR_LLM_MAX_TOKENS: String(options.maxTokens),
    TUTEUR_LOG_LEVEL: 'info',
    ...(options.databaseUrl === undefined ? {} : { TUTEUR_DATABASE_URL: options.databaseUrl }),
    ...options.extra,
  };
}

export interface SeededPupil {
  school: SeededSchool;
  pupilId: string;
  login: string;
  actor: Actor;
}

/** A school open to the tutor at any time and one pupil in it, written through the CLI's services. */
export async function seedPupil(env: Record<string, string>, cwd: string, login = 'lea.martin'): Promise<SeededPupil> {
  const ctx = await openCliContext(loadConfig(env, cwd));
  try {
    const school = await seedSchool(ctx.services);
    const pupilId = await seedUser(ctx.services, 'pupil', login, school);
    return { school, pupilId, login, actor: { id: pupilId, role: 'pupil', schoolId: school.schoolId, classIds: [school.classId], login } };
  } finally {
    await ctx.close();
  }
}

/** A pupil's conversation as stored, read back through the services (decrypted with the instance's key file). */
export async function readConversation(env: Record<string, string>, cwd: string, actor: Actor, conversationId: string) {
  const ctx = await openCliContext(loadConfig(env, cwd));
  try {
    return await ctx.services.chat.get(actor, conversationId);
  } finally {
    await ctx.close();
  }
}

/** Polls /readyz until the instance (model loaded) says it is ready. */
export async function waitReady(base: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} n’est pas prêt après ${timeoutMs} ms (${last})`);
}
