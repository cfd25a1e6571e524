// A pupil's message through both fast layers. The lexicon is precise and says why it flags, but misses wordings
// it has no phrase for: on a blind lot written by another author (data/README.md, lot E) it found about half of the
// distress messages. The learned scorer (learned/), trained on the whole labelled set, recognises many of those,
// but it also scores some plain homework high (« je pense, donc je suis », « dis-moi juste si x vaut combien, rien
// d'autre » were above its flag threshold): alone, it does not flag. It decides what the local model's second
// opinion is asked about:
// - `suspected`: what the lexicon suspects, and what the learned scorer would flag. The model settles it; if it
//   cannot answer in time, a self_harm or abuse doubt still gets a caring answer (no alert), see
//   resolveWithSecondOpinion;
// - `alsoAsk`: what the learned scorer merely finds worth a look (its threshold is set for recall): settled by the
//   model too, and without a verdict it changes nothing.
// Without a second opinion (TUTEUR_MODERATION_LLM off), the lexicon's verdict is the verdict.
// The tutor's own output is judged by the lexicon alone (output-watcher.ts): the scorer learned from pupils' words.
import { sortCategories } from './categories.ts';
import { classify, type Classification } from './classify.ts';
import { learnedScorer, type LearnedScorer } from './learned/scorer.ts';

export function classifyPupilMessage(text: string, scorer: Pick<LearnedScorer, 'judge'> = learnedScorer()): Classification {
  const lexical = classify(text, { author: 'pupil' });
  const learned = scorer.judge(text);
  const suspected = sortCategories([...lexical.suspected, ...learned.flagged.filter((c) => !lexical.categories.includes(c))]);
  const alsoAsk = learned.suspected.filter((c) => !suspected.includes(c) && !lexical.categories.includes(c));
  return { ...lexical, suspected, alsoAsk, ambiguous: suspected.length > 0 || alsoAsk.length > 0 };
}
