// Simulated pupils for the load benchmarks: a school open at all times with N pupil accounts (seeded through
// the services, as the CLI would), and a loop in which every pupil signs in, opens a conversation, then asks,
// reads the whole answer and asks again until a deadline. Used by bench/load.ts and bench/cluster.ts.
import { performance } from 'node:perf_hooks';
import { openCliContext } from '../../src/cli/context.ts';
import { loadConfig } from '../../src/server/config.ts';
import { seedSchool, seedUser, TEST_PASSWORD } from '../../src/server/testing/test-app.ts';
import { ask, createConversation, login, type Pupil } from './http-client.ts';

export const QUESTION = 'Comment résoudre l’équation 3x + 5 = 20 ?';

export interface LoadOutcome {
  label: string;
  messages: number;
  errors: number;
  errorSamples: string[];
  latencies: number[];
  firstTokens: number[];
  seconds: number;
}

/** A school open at all times with `count` pupils (quotas out of the way), on `env`'s database. */
export async function seedPupils(env: Record<string, string>, cwd: string, count: number): Promise<string[]> {
  const ctx = await openCliContext(loadConfig(env, cwd));
  try {
    const school = await seedSchool(ctx.services);
    await ctx.services.settings.set('cli', school.schoolId, 'quota-day', '10000');
    await ctx.services.settings.set('cli', school.schoolId, 'quota-week', '50000');
    const logins = Array.from({ length: count }, (_, i) => `eleve${i}`);
    // Password hashing dominates: a few at a time on the libuv pool.
    for (let i = 0; i < logins.length; i += 8) await Promise.all(logins.slice(i, i + 8).map((name) => seedUser(ctx.services, 'pupil', name, school)));
    return logins;
  } finally {
    await ctx.close();
  }
}

export interface SignedInPupil {
  pupil: Pupil;
  conversation: string;
}

/** Signs every pupil in and opens one conversation each, 20 at a time. */
export async function signInPupils(port: number, logins: string[]): Promise<SignedInPupil[]> {
  const pupils: SignedInPupil[] = [];
  for (let i = 0; i < logins.length; i += 20) {
    pupils.push(
      ...(await Promise.all(
        logins.slice(i, i + 20).map(async (name) => {
          const pupil = await login(port, name, TEST_PASSWORD);
          return { pupil, conversation: await createConversation(port, pupil) };
        }),
      )),
    );
  }
  return pupils;
}

/** Every pupil asks in a loop until `seconds` have passed; counts answers, errors and latencies. */
export async function askInLoop(label: string, port: number, pupils: SignedInPupil[], seconds: number): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { label, messages: 0, errors: 0, errorSamples: [], latencies: [], firstTokens: [], seconds };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    pupils.map(async ({ pupil, conversation }) => {
      while (performance.now() < deadline) {
        try {
          const timing = await ask(port, pupil, conversation, QUESTION);
          if (timing.outcome !== 'done') throw new Error(timing.outcome);
          outcome.messages += 1;
          outcome.latencies.push(timing.doneAt - timing.sentAt);
          if (timing.firstTokenAt !== null) outcome.firstTokens.push(timing.firstTokenAt - timing.sentAt);
        } catch (error) {
          outcome.errors += 1;
          if (outcome.errorSamples.length < 3) outcome.errorSamples.push((error as Error).message.slice(0, 200));
        }
      }
    }),
  );
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}
