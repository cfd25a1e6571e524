// Postal addresses: a number, a street type and a name, with the postcode and town when they follow. Word
// problems and history lessons name streets too ("la rue de Rivoli"), but without a house number; a numbered
// street with a lowercase name counts only when the pupil says it is where it lives ("j'habite au 3 rue des lilas").
import type { PiiSpan } from './types.ts';
import { allMatches } from './all-matches.ts';

const STREET_TYPES =
  "rue|avenue|av\\.?|boulevard|bd|bld|place|pl\\.|chemin|ch\\.|all[ée]e|impasse|imp\\.|route|rte|quai|cours|square|r[ée]sidence|" +
  "lotissement|lot\\.|passage|sentier|voie|cit[ée]|hameau|lieu[- ]dit|rond[- ]point|faubourg|fg|esplanade|promenade|parvis|villa|mail|" +
  "mont[ée]e|c[ôo]te|traverse|clos|domaine|ruelle|venelle|r[ée]sidence";
const NUMBER = '\\d{1,4}(?:\\s?(?i:bis|ter|quater|[abc])(?!\\p{L}))?,?';
const LINK = "(?i:de la |de l'|de l’|du |des |de |d'|d’|la |le |les |l'|l’|aux |à la |au )";
const CAP_WORD = "\\p{Lu}[\\p{L}'’-]*";
const ANY_WORD = "\\p{L}[\\p{L}'’-]*";
const POSTCODE_TOWN = `(?:,?\\s+(?:\\d{5}|\\d{2}\\s\\d{3})\\s+${CAP_WORD}(?:[\\s-]${LINK}?${CAP_WORD}){0,3})`;
// Street names of school subjects: "j'ai 1 cours de Maths" is a timetable, not an address.
const NOT_A_NAME = '(?!(?i:maths?|math[ée]matiques|fran[çc]ais|anglais|histoire|g[ée]o|physique|chimie|svt|eps|musique|espagnol|allemand|latin|philo|techno)(?!\\p{L}))';

// Street types in any case ("RUE", "Rue"); the name's capital letter is what tells a name, so no global i flag.
const NAMED_STREET = `${NUMBER}\\s?(?i:${STREET_TYPES})\\s+${LINK}?${NOT_A_NAME}${CAP_WORD}(?:\\s${LINK}?${CAP_WORD}){0,4}`;
const ANY_STREET = `${NUMBER}\\s?(?i:${STREET_TYPES})\\s+${LINK}?${ANY_WORD}(?:\\s${LINK}?${ANY_WORD}){0,3}?`;

const CAPITALISED = new RegExp(`(?<![\\p{L}\\d])${NAMED_STREET}${POSTCODE_TOWN}?(?![\\p{L}\\d])`, 'gu');
const LOWERCASE_WITH_TOWN = new RegExp(`(?<![\\p{L}\\d])${ANY_STREET}${POSTCODE_TOWN}(?![\\p{L}\\d])`, 'gu');
// Words that end a lowercase street name: they start the rest of the sentence.
const STOP_WORDS =
  "et|mais|à|a|pr[èe]s|dans|en|si|viens?|vient|tu|je|j|il|elle|on|nous|vous|ils|elles|c|ce|pour|avec|chez|depuis|quand|ou|où|donc|car|" +
  "sinon|alors|demain|apr[èe]s|le|la|les|au|aux|tout|juste|derri[èe]re|devant|vers";
const LIVES_AT = /(?:j'?\s?habite|j’habite|habite|mon adresse|adresse\s?:|chez moi c'?est|chez moi c’est|on habite|je vis)\s*(?:au|à|a|:|c'est|c’est|est)?\s*$/iu;
const LOWERCASE_ANYWHERE = new RegExp(`(?<![\\p{L}\\d])${ANY_STREET}(?=\\s*(?:[,.;!?)]|$|(?:${STOP_WORDS})(?!\\p{L})))`, 'gu');

export function findAddresses(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const add = (start: number, end: number) => {
    if (!spans.some((s) => s.start < end && start < s.end)) spans.push({ type: 'address', start, end });
  };
  for (const m of allMatches(LOWERCASE_WITH_TOWN, text)) add(m.index, m.index + m[0].length);
  for (const m of allMatches(CAPITALISED, text)) add(m.index, m.index + trimEnd(m[0]));
  for (const m of allMatches(LOWERCASE_ANYWHERE, text)) {
    if (LIVES_AT.test(text.slice(Math.max(0, m.index - 40), m.index))) add(m.index, m.index + trimEnd(m[0]));
  }
  return spans.sort((a, b) => a.start - b.start);
}

// The address stops before a trailing comma or space the greedy name took.
function trimEnd(found: string): number {
  return found.replace(/[\s,]+$/u, '').length;
}
