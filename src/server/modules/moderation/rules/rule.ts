// The shape of one lexicon rule, as the rule files write it.
import type { Category } from '../categories.ts';

/**
 * strong: flags its categories by itself.
 * contextual: flags unless the message reads as homework (school vocabulary), where it asks for a second opinion.
 * weak: a cue; two different weak rules of one category in a message flag it, one alone asks for a second opinion.
 * nominal: the topic is named ("le suicide", "le harcèlement"); ignored in school context (a novel, a lesson,
 * a question about the topic), a second opinion otherwise, and flagged when the message is nothing but that word.
 */
export type Tier = 'strong' | 'contextual' | 'weak' | 'nominal';

export interface RuleSpec {
  id: string;
  categories: readonly Category[];
  pattern: string;
  tier?: Tier;
  /** The pupil says it is the one being harassed (the issue routes this like distress). */
  victim?: boolean;
  /** Only meaningful when a pupil writes it (a disclosure); not checked in the tutor's own output. */
  disclosure?: boolean;
}
