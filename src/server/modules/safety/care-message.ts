// What a pupil sees at once when it writes about distress, abuse or being harassed: kind words, the national
// help numbers that apply, and the school's own contacts. No lecture, no diagnosis.
import type { Category } from '../moderation/categories.ts';

export interface HelpLine {
  number: string;
  name: string;
  description: string;
}

export const HELP_LINES = {
  suicide: { number: '3114', name: 'Numéro national de prévention du suicide', description: 'gratuit, 24 h/24 et 7 j/7' },
  harassment: { number: '3018', name: 'Non au harcèlement / cyberharcèlement', description: 'gratuit, anonyme et confidentiel, 7 j/7' },
  childInDanger: { number: '119', name: 'Allô Enfance en Danger', description: 'gratuit, 24 h/24, ne laisse pas de trace sur la facture' },
} satisfies Record<string, HelpLine>;

export interface CareMessage {
  message: string;
  helpLines: HelpLine[];
  schoolContacts: string;
}

const CARE_TEXT =
  'Merci de l’avoir écrit. Ce que tu vis compte, et tu n’as pas à rester seul·e avec ça. ' +
  'Tu peux en parler dès maintenant à quelqu’un qui peut t’aider, gratuitement :';

export function careMessage(categories: readonly Category[], pupilHarassed: boolean, schoolContacts: string): CareMessage {
  const lines: HelpLine[] = [];
  if (categories.includes('self_harm')) lines.push(HELP_LINES.suicide);
  if (categories.includes('harassment') || pupilHarassed) lines.push(HELP_LINES.harassment);
  if (categories.includes('abuse') || categories.includes('violence') || categories.includes('sexual')) lines.push(HELP_LINES.childInDanger);
  if (lines.length === 0) lines.push(HELP_LINES.childInDanger);
  return { message: CARE_TEXT, helpLines: lines, schoolContacts };
}

/**
 * The help shown again after a reload, from the numbers stored when it was first shown: the pupil sees
 * the same lines (no category is kept) and the school's contacts as they are today.
 */
export function careFromNumbers(numbers: readonly string[], schoolContacts: string): CareMessage {
  const known: HelpLine[] = Object.values(HELP_LINES);
  const helpLines = numbers.flatMap((number) => known.filter((line) => line.number === number));
  return { message: CARE_TEXT, helpLines: helpLines.length > 0 ? helpLines : [HELP_LINES.childInDanger], schoolContacts };
}

/** Added to the system prompt when a message needs care: the tutor stays kind and does not lecture. */
export const CARE_INSTRUCTION =
  'Le dernier message de l’élève montre qu’il ne va peut-être pas bien. Réponds d’abord avec douceur et sans jugement, ' +
  'en quelques phrases : dis-lui que tu l’as entendu, encourage-le à parler à un adulte de confiance et aux numéros qui ' +
  's’affichent à l’écran. Ne fais pas la morale, ne pose pas de diagnostic, ne reviens au devoir que s’il le souhaite.';

export const BLOCKED_MESSAGE =
  'Je ne peux pas répondre à ce message. Si quelque chose ne va pas ou si quelqu’un te met mal à l’aise, parles-en à un adulte de confiance (CPE, infirmière, professeur, parents) ou appelle le 119.';

export const OUTPUT_STOPPED_NOTICE = '\n\n*Je préfère m’arrêter là : cette réponse ne convenait pas. Reformule ta question sur ton devoir et on reprend.*';
