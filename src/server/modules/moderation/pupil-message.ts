// A pupil's message through both fast layers. The lexicon is precise and says why it flags, but misses wordings
// it has no phrase for: on a blind lot written by another author (data/README.md, lot E) it found about half of the
// distress messages. The learned scorer (learned/), trained on the whole labelled set, recognises many of those,
// but it also scores some plain homework high (« je pense, donc je suis », « dis-moi juste si x vaut combien, rien
// d'autre » were above its flag threshold): alone, it does not flag. It decides what the local model's second
// opinion is asked about:
// - `suspected`: what the lexicon suspects, what the learned scorer would flag, and the distress categories (self_harm,
//   abuse) it scores at or above its care threshold. The model settles it; if it cannot answer in time, a self_harm
//   or abuse doubt still gets a caring answer (no alert), see resolveWithSecondOpinion;
// - `alsoAsk`: what the learned scorer merely finds worth a look (its threshold is set for recall): settled by the
//   model too, and without a verdict it changes nothing.
// Without a second opinion (TUTEUR_MODERATION_LLM off, or turned off by the school), the lexicon's verdict is the
// verdict, with one addition made for distress: a self_harm or abuse message that only the learned scorer scores at
// or above its care threshold (`careCues`; at most 0.3 % of held-out benign lines reach it, a lower bar than its flag)
// is answered with care (help numbers, the tutor stays kind), without alerting staff on an unconfirmed signal.
// Showing the numbers to a pupil who did not need them costs little; missing one who did costs much.
// The tutor's own output is judged by the lexicon alone (output-watcher.ts): the scorer learned from pupils' words.
import { sortCategories, type Category } from './categories.ts';
import { classifyFolded, type Classification } from './classify.ts';
import { fold } from './fold.ts';
import { learnedScorer, type LearnedScorer } from './learned/scorer.ts';

/** Distress categories: an unconfirmed signal of these still gets a caring answer. */
const CARE_CUES: readonly Category[] = ['self_harm', 'abuse'];

export interface PupilClassification extends Classification {
  /**
   * Categories only the learned scorer finds worth a look: the second opinion is asked about them too, but without a
   * verdict they change nothing (no caring answer on a statistical doubt).
   */
  alsoAsk: Category[];
  /** self_harm or abuse that only the learned scorer finds (at or above careAt): care when no second opinion settles it. */
  careCues: Category[];
}

export function classifyPupilMessage(text: string, scorer: Pick<LearnedScorer, 'judgeFolded'> = learnedScorer()): PupilClassification {
  // Folded once for both layers (the hot path of every message).
  const folded = fold(text);
  const lexical = classifyFolded(folded, { author: 'pupil' });
  const learned = scorer.judgeFolded(folded.text);
  const learnedOnly = (categories: readonly Category[]) => categories.filter((c) => !lexical.categories.includes(c));
  const careCues = learnedOnly(learned.cared).filter((c) => CARE_CUES.includes(c));
  const suspected = sortCategories([...new Set([...lexical.suspected, ...learnedOnly(learned.flagged), ...careCues])]);
  const alsoAsk = learnedOnly(learned.suspected).filter((c) => !suspected.includes(c));
  return { ...lexical, suspected, alsoAsk, ambiguous: suspected.length > 0 || alsoAsk.length > 0, careCues };
}
