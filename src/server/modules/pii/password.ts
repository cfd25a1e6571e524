// Passwords and PIN codes a pupil types ("mon mdp c'est soleil2011", "mot de passe : Azerty!"). An NSI or SNT
// lesson talks about passwords without giving one ("le mot de passe doit être long"): after a possessive the
// next word is the password unless it is an ordinary word of such a sentence; without one, it must look like
// a password (a digit, a symbol, or a capital inside the word).
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const NOUN = "(?:mdp|mot de passe|mot 2 passe|mot2passe|password|passwd|pass|code (?:pin|secret|d'acc[èe]s|de (?:mon|ma|mes) [\\p{L}]+)|pin)";
const VERB = "(?:c'est|c’est|cest|c|est|sera|était|etait|=|:|->|→|c'était|c’était)";
// A password starts with a letter, a digit or a symbol, never with the sentence's punctuation.
const VALUE = "([\\p{L}\\p{N}@#$%&*_+~^-][^\\s]*)";
// "le mot de passe de mon ENT c'est …"
const OF_WHAT = "(?:\\s(?:de|du|d'|d’)\\s?(?:mon|ma|mes|l'|l’|la|le|ton|ta|son|sa)?\\s?[\\p{L}]+)?";
const POSSESSIVE = new RegExp(`(?<![\\p{L}])(?:mon|ma|mes|notre|son|sa|ton|ta)\\s+${NOUN}${OF_WHAT}\\s*(${VERB})?\\s*${VALUE}`, 'giu');
const LABELLED = new RegExp(`(?<![\\p{L}])(?:le |un |du )?${NOUN}${OF_WHAT}\\s*(${VERB})\\s*${VALUE}`, 'giu');

// Words that follow "mon mot de passe est …" in a sentence about it, not in place of it.
const ORDINARY = new Set(
  (
    'le la les un une des de du trop pas très tres vraiment super assez plus moins bien nul simple facile compliqué complique ' +
    'difficile long longue court courte faible fort forte sécurisé securise secret oublié oublie perdu changé change bloqué bloque ' +
    'le même meme quoi quel quelle ici là la en dans sur que qui comme toujours jamais encore déjà deja composé compose ' +
    'obligatoire nécessaire necessaire important différent different personnel privé prive inconnu faux juste correct incorrect'
  ).split(' '),
);

export function findPasswords(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const push = (m: RegExpMatchArray, requireShape: boolean) => {
    const raw = m[2]!;
    // Sentence punctuation after the password is not part of it.
    const value = raw.replace(/[.,;?)»"]+$/u, '') || raw;
    if (ORDINARY.has(value.toLowerCase())) return;
    const shaped = /[\d\p{P}\p{S}]|\p{Ll}\p{Lu}/u.test(value);
    if (requireShape && !shaped) return;
    const start = m.index! + m[0].length - raw.length;
    // "mot de passe = suite de caractères": a definition goes on after the word, a password does not.
    if (!shaped && /^\s+(?:de|d'|d’|des|du|qui|que|avec|pour|contenant)(?![\p{L}])/iu.test(text.slice(start + value.length))) return;
    if (!spans.some((s) => s.start === start)) spans.push({ type: 'password', start, end: start + value.length });
  };
  // "mon mdp azerty12": without a verb the next word must look like a password.
  for (const m of allMatches(POSSESSIVE, text)) push(m, m[1] === undefined);
  // "le mot de passe est …" in a sentence needs the shape; a label ("mdp : soleil") does not.
  for (const m of allMatches(LABELLED, text)) push(m, !/^[:=\->→]+$/u.test(m[1]!));
  return spans;
}
