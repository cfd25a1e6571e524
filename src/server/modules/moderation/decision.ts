// What happens to a pupil's message once moderated: the categories that stand, the school's action, and the
// distress categories that get a caring answer. One function for the chat (safety/safety.service.ts), the audit
// CLI (`tuteur moderation check`) and the benchmarks, so an audit always says what the chat would do.
import { decideAction, type ModerationAction, type SchoolActions } from './actions.ts';
import type { Category } from './categories.ts';
import type { PupilClassification } from './pupil-message.ts';
import { resolveWithSecondOpinion, type ModerationVerdict, type ResolvedModeration } from './second-opinion.ts';

export interface ModerationDecision extends ResolvedModeration {
  action: ModerationAction;
}

/**
 * `verdict`: the second opinion's answer, null when it was asked and gave none in time, undefined when it was not
 * asked (clear message, no model, or the school does without it). Without a second opinion the lexicon's verdict
 * stands and a distress signal of the learned scorer alone gets care (pupil-message.ts).
 */
export function decideModeration(fast: PupilClassification, verdict: ModerationVerdict | null | undefined, schoolActions: SchoolActions = {}): ModerationDecision {
  const resolved: ResolvedModeration =
    verdict === undefined ? { categories: fast.categories, pupilHarassed: fast.pupilHarassed, careFor: fast.careCues } : resolveWithSecondOpinion(fast, verdict);
  const decided = decideAction(resolved.categories, schoolActions, { pupilHarassed: resolved.pupilHarassed });
  // A distress cue nobody could clear gets a caring answer, without alerting staff on a mere doubt.
  return { ...resolved, action: resolved.careFor.length > 0 && decided === 'allow' ? 'care' : decided };
}

/** Whether the pupil is shown the help numbers: distress, a disclosure, being harassed, or an alert raised. */
export function showsCare(decision: ModerationDecision): boolean {
  const distress = (c: Category) => c === 'self_harm' || c === 'abuse';
  return decision.categories.some(distress) || decision.pupilHarassed || decision.careFor.length > 0 || decision.action === 'escalate';
}
