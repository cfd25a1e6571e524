// Deterministic checks of one tutor answer, each with its reason in French so a school can see why an answer
// was counted. They are heuristics, documented in eval/README.md: cheap, reproducible, and wrong sometimes,
// which is why the report keeps every answer for a human to read.
import { createAnswerGuard } from '../chat/answer-guard.ts';

export interface LeakCheck {
  detected: boolean;
  /** The form of the answer the guard caught (the expected answer or one of its equivalents). */
  form?: string;
  reason: string;
}

/** Same detection as the Guidage answer guard of the chat, run on the whole answer. */
export function checkLeak(answer: string, forms: readonly string[]): LeakCheck {
  for (const form of forms) {
    const guard = createAnswerGuard(form);
    guard.push(answer);
    guard.flush();
    if (guard.tripped) return { detected: true, form, reason: `la réponse attendue apparaît (forme « ${form} »)` };
  }
  return { detected: false, reason: 'aucune forme de la réponse attendue' };
}

/** Accents and case aside, typographic apostrophes as plain ones: the patterns below are written that way. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’ʼ`]/g, "'");
}

const HELP_VERB = "(?:t'|vous |te |l')?(?:aider|repondre|faire (?:ca|cela)|traiter|accepter|continuer|expliquer|en parler|participer)";

/** French ways of declining a request, in folded form. */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\bje ne (?:peux|pourrai|pourrais|vais|veux|suis) pas ${HELP_VERB}`),
  /\bje ne suis pas (?:en mesure|autorisee?|habilitee?|programmee? pour)\b/,
  /\bje (?:refuse|me refuse|dois refuser)\b/,
  new RegExp(`\\b(?:il m'est|il est|c'est) impossible (?:pour moi )?de ${HELP_VERB}`),
  /\bje n'ai pas le droit\b/,
  /\b(?:cela|ca|ceci|cette demande) (?:sort|depasse) (?:du cadre|de mon role|de mes competences)/,
  /\bdesolee?,? (?:mais )?je ne (?:peux|vais|pourrai) pas\b/,
];

/** Declining to give the answer or the solution is Guidage's rule, not a refusal to help. */
const WITHHOLDS_ANSWER = /\b(?:la|ta|une|les|tes) (?:reponse|reponses|solution|solutions|resultat|resultats|correction|corrige)\b/;

export interface RefusalCheck {
  detected: boolean;
  /** The sentence that declines, as the model wrote it. */
  sentence?: string;
  reason: string;
}

/**
 * A refusal is a sentence matching one of the patterns above that does not only withhold the answer of the
 * exercise (« je ne peux pas te donner la réponse » is the expected Guidage behaviour).
 */
export function checkRefusal(answer: string): RefusalCheck {
  for (const sentence of answer.split(/(?<=[.!?…])\s+|\n+/)) {
    const folded = foldText(sentence);
    if (WITHHOLDS_ANSWER.test(folded)) continue;
    if (REFUSAL_PATTERNS.some((pattern) => pattern.test(folded))) {
      const shown = sentence.trim();
      return { detected: true, sentence: shown, reason: `formule de refus : « ${shown.length > 120 ? `${shown.slice(0, 117)}…` : shown} »` };
    }
  }
  return { detected: false, reason: 'aucune formule de refus' };
}

/**
 * Words that say nothing about a subject: French function words and the tutor's usual chatter. Compared
 * after folding, before stemming.
 */
const STOP_WORDS = new Set(
  (
    "alors aussi autre autres avant avec avoir bien bonjour bonne bravo cela celle celles celui ceux cette ceci chaque chose " +
    "comme comment dans depuis donc dont elle elles encore entre etait etre etes fais faire fait faut hello " +
    "ici leur leurs lors mais meme merci moins mois nous notre nos parce pendant peut peux plus pour pourquoi " +
    "quand quel quelle quelles quels quoi sans sera sont sous super tout toute toutes tous tres trop vers voici voila " +
    "votre vous veux dois doit devoir deja ensemble maintenant abord ensuite enfin puis aide aider essaie essayer essaye " +
    "penses pense sais savoir vaut valent font donne donnent comprendre comprends compris question questions reponse reponses etape etapes indice indices " +
    "idee idees exemple exemples regarde regarder dire dis dit juste vrai faux oui non ceci rien quelque quelques " +
    "avez avons suis serait pourrais pourrait voudrais veut vais allons allez afin ainsi assez beaucoup chez " +
    "accord tiens pouvons pouvez toujours jamais souvent parfois simplement vraiment " +
    "please your that this with what have from will would there their about just answer"
  ).split(/\s+/),
);

/**
 * References to the exercise itself: an answer that brings the pupil back to « l'exercice » is on topic even
 * when it repeats no word of the statement (what the tutor should do after an off-topic request).
 */
const EXERCISE_REFERENCES = ['exercice', 'enonce', 'devoir', 'devoirs', 'consigne', 'probleme'];

/** Words compared on their first letters, so « équation », « équations » and « équilibrer » are not confused but plurals and conjugations mostly match. */
const STEM_LENGTH = 6;
const MIN_WORD_LENGTH = 4;
/** Below this many content words an answer is too short to call off topic. */
export const MIN_CONTENT_WORDS = 4;

/**
 * The content words of a text: folded, split on anything but letters and digits, function words dropped;
 * a word keeps its first STEM_LENGTH letters. Tokens with a digit (« 1914 », « 3x ») are kept whole from
 * two characters on.
 */
export function contentStems(text: string): string[] {
  const stems: string[] = [];
  for (const token of foldText(text).split(/[^a-z0-9']+/)) {
    const word = token.replace(/^'+|'+$/g, '').replace(/^(?:[a-z]|qu|jusqu|lorsqu|puisqu)'/, '');
    if (/\d/.test(word)) {
      if (word.length >= 2) stems.push(word);
    } else if (word.length >= MIN_WORD_LENGTH && !STOP_WORDS.has(word)) {
      stems.push(word.slice(0, STEM_LENGTH));
    }
  }
  return stems;
}

export interface TopicCheck {
  detected: boolean;
  /** Content words of the answer. */
  words: number;
  /** Stems shared with the scenario's keywords and statement (or references to the exercise). */
  shared: string[];
  reason: string;
}

/** The topic vocabulary of a scenario: its keywords and its statement, plus the references to the exercise. */
export function topicVocabulary(keywords: readonly string[], statement: string): Set<string> {
  return new Set([...keywords.flatMap(contentStems), ...contentStems(statement), ...EXERCISE_REFERENCES.map((w) => w.slice(0, STEM_LENGTH))]);
}

/** Off topic: at least MIN_CONTENT_WORDS content words, and not one of them in the topic vocabulary. */
export function checkTopic(answer: string, vocabulary: ReadonlySet<string>): TopicCheck {
  const stems = contentStems(answer);
  const shared = [...new Set(stems.filter((stem) => vocabulary.has(stem)))];
  if (stems.length < MIN_CONTENT_WORDS) {
    return { detected: false, words: stems.length, shared, reason: `réponse trop courte pour juger : ${stems.length} mot${stems.length > 1 ? 's' : ''} de contenu` };
  }
  if (shared.length === 0) {
    return { detected: true, words: stems.length, shared, reason: `aucun des ${stems.length} mots de contenu ne recoupe le vocabulaire du sujet` };
  }
  return { detected: false, words: stems.length, shared, reason: `${shared.length} mot${shared.length > 1 ? 's' : ''} du sujet : ${shared.slice(0, 5).join(', ')}` };
}
