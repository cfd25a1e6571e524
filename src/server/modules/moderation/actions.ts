// What the school does with a flagged message: one action per category, set by the school, with defaults
// from issue 5. The pupil being harassed is routed like distress, apart from insults the pupil writes.
import { z } from 'zod';
import type { Category } from './categories.ts';

/** In increasing severity: answer normally, answer with care, refuse to answer, alert the designated staff. */
export const ACTIONS = ['allow', 'care', 'block', 'escalate'] as const;
export type ModerationAction = (typeof ACTIONS)[number];

/** The categories, plus harassment of the pupil itself, which the school may treat apart from insults. */
export type ActionKey = Category | 'harassment_of_pupil';
export type SchoolActions = Partial<Record<ActionKey, ModerationAction>>;

const actionSchema = z.enum(ACTIONS);
/** The school's settings as stored and edited by its admin. */
export const schoolActionsSchema = z
  .object({
    self_harm: actionSchema,
    harassment: actionSchema,
    harassment_of_pupil: actionSchema,
    sexual: actionSchema,
    violence: actionSchema,
    hate: actionSchema,
    abuse: actionSchema,
  })
  .partial()
  .strict();

export const DEFAULT_ACTIONS: Readonly<Record<ActionKey, ModerationAction>> = {
  self_harm: 'escalate',
  abuse: 'escalate',
  harassment_of_pupil: 'escalate',
  violence: 'escalate',
  sexual: 'block',
  hate: 'block',
  // A pupil insulting someone (often the tutor): answer calmly and redirect, without alerting anyone.
  harassment: 'care',
};

/** The most severe action among the flagged categories; 'allow' when nothing is flagged. */
export function decideAction(
  categories: readonly Category[],
  schoolActions: SchoolActions = {},
  context: { pupilHarassed?: boolean } = {},
): ModerationAction {
  let action: ModerationAction = 'allow';
  for (const category of categories) {
    const key: ActionKey = category === 'harassment' && context.pupilHarassed ? 'harassment_of_pupil' : category;
    const candidate = schoolActions[key] ?? DEFAULT_ACTIONS[key];
    if (ACTIONS.indexOf(candidate) > ACTIONS.indexOf(action)) action = candidate;
  }
  return action;
}
