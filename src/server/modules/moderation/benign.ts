// What keeps school content and everyday hyperbole from being flagged: phrases that neutralise the risk words
// they contain, and the vocabulary of a homework question that makes a bare topic word ("le suicide") benign.
import type { Category } from './categories.ts';

export interface BenignSpec {
  id: string;
  /** A match of a rule of these categories that overlaps this phrase is dropped. */
  categories: readonly Category[];
  pattern: string;
  /** Only in a message that reads as homework (see SCHOOL_CONTEXT_PATTERN). */
  inSchoolContext?: boolean;
  /**
   * Words on each side of the phrase that it also clears: a phrase that frames the sentence ("par erreur", "ma
   * graine") rather than containing the risk words. Cheaper than spelling the window in the pattern.
   */
  reach?: number;
}

const GAMES =
  '(?:fortnite|minecraft|fifa|valorant|roblox|cod|call of duty|gta|brawl stars|brawl|clash royale|clash|mario|mario kart|smash|' +
  'pokemon|lol|league of legends|apex|overwatch|la play|la console|la switch|la ps5|ps5|foot|football|hand|handball|basket|' +
  'rugby|tennis|ping pong|badminton|volley|match|tournoi|jeu|jeux|partie|echecs|cartes|uno|belote|eps|sport|among us|' +
  'loup garou|monopoly|mario party|street fighter|tekken|zombies|jeux video|jeu video)';

const TESTS =
  '(?:controles?|exams?|examens?|bac|brevet|oral|dm|devoirs?|interros?|exos?|partiels?|tests?|match|game|records?|scores?|' +
  'niveaux?|boss|jeu|partie)';

const GARDEN =
  '(?:graines?|semis|semences?|fleurs?|arbres?|arbustes?|plantes? vertes?|plants? de|plantations?|bulbes?|jardin|potager|pots?|terreau|haricots?|tomates?|' +
  'salades?|tulipes?|rosiers?|pepins?|noyaux?|boutures?|piquets?|sapins?|lentilles?)';
const OCCASION =
  '(?:retraite|demenag[a-z]*|change[a-z]* de (?:college|lycee|ecole|ville|region|pays|classe)|internat|depart (?:de|d|du|pour)|mutation|fin d annee|dernier jour (?:de|d|du) (?:cours|college|lycee|classe|stage)|' +
  'discours|pot de depart|carte (?:d adieu|de depart)|(?:pars|part|partent) (?:en|a|au|aux) (?:vacances|colo|espagne|angleterre|[a-z]+ pour)|vacances|' +
  'bon courage|bonne chance|bonne continuation|bonnes vacances)';

export const BENIGN_SPECS: BenignSpec[] = [
  {
    id: 'benign.dying_of',
    categories: ['self_harm', 'violence', 'harassment'],
    pattern:
      '(?<!laisser )(?:mort|morte|morts|mourir|meurs|meurt|mourais|creve|crever|crevee|crevais|tuer|tue|en crever|vomir)s? (?:de |d )?(?:rire|faim|soif|honte|chaud|' +
      'froid|peur|fatigue|ennui|envie|impatience|stress|sommeil|jalousie|curiosite)|jusqu a en (?:crever|mourir)',
  },
  { id: 'benign.kill_time', categories: ['self_harm', 'violence', 'harassment'], pattern: '(?:tuer|tue|tuent|tuait|tuons) le temps' },
  {
    id: 'benign.crush_a_test',
    categories: ['violence'],
    pattern: `(?:tuer|defoncer|exploser|eclater|niquer|plier|dechirer|tout dechirer|massacrer|buter|demonter|fumer|detruire)(?: {W})? (?:ce|le|mon|cet|l|cette|la|les|ton|ta|tes|mes) ${TESTS}`,
  },
  {
    id: 'benign.games',
    categories: ['violence', 'harassment', 'abuse'],
    pattern: `(?:tuer|tue|buter|defoncer|eclater|exploser|massacrer|niquer|demonter|fumer|tirer|frapper|battre|battu|battue|bat|detruire|demoli|ecrase|raclee){GAP4} (?:a|au|aux|sur|en|dans) ${GAMES}`,
  },
  // "J'ai cru que j'allais mourir au cross": a past fear, told afterwards.
  { id: 'benign.thought_i_would_die', categories: ['self_harm'], pattern: '(?:cru|crois|croyais|pensais|pense) que (?:j allais|je vais|j vais|je allais) (?:mourir|crever|y passer|y rester)' },
  // What someone else says of the pupil ("elle me dit que je mérite pas de vivre") is not the pupil's own thought.
  { id: 'benign.said_to_me', categories: ['self_harm'], pattern: '{ME} (?:dit|disent|repete|repetent|crie|crient|ecrit|ecrivent|envoient|balancent|postent) que (?:je|j)(?: {W}){1,6}' },
  { id: 'benign.near_miss', categories: ['self_harm'], pattern: '(?:failli|manque de|faillit)(?: {W})? (?:m etouffer|mourir|me noyer|crever|y passer)' },
  {
    id: 'benign.games_first',
    categories: ['violence', 'harassment'],
    pattern: `${GAMES}{GAP6} (?:tuer|tue|buter|defoncer|eclater|exploser|massacrer|tirer|frapper|tuent|tout le monde)`,
  },
  // Words a character, an author or a propaganda says, quoted in a homework question.
  {
    id: 'benign.reported_speech',
    categories: ['self_harm', 'violence', 'harassment', 'hate', 'sexual'],
    inSchoolContext: true,
    pattern:
      '(?<!qui )(?:dit|disent|disait|disaient|dire|ecrit|ecrivent|declare|s ecrie|affirme|affirment|pretendent|chante|repete|crie|pensent|pensaient|' +
      'croient|jouer|joue|reciter|lire)(?: que| qu)?{GAP10}',
  },
  // A prevention topic named in class ("c'est quoi le revenge porn ?"): the word is explicit, the question is not.
  { id: 'benign.prevention_topic', categories: ['sexual'], inSchoolContext: true, pattern: 'revenge porn|porno (?:chez|et) les (?:jeunes|ados|adolescents|mineurs)|sextorsion' },
  { id: 'benign.nudes_in_art', categories: ['sexual'], pattern: '(?:photos?|peintures?|tableaux?|statues?|sculptures?) de nus|nus? (?:dans l art|artistiques?|en peinture)' },
  { id: 'benign.swearing_at_a_test', categories: ['harassment'], pattern: `nique (?:sa|ta) mere (?:ce|le|la|les|cette|cet) ${TESTS}` },
  { id: 'benign.toys', categories: ['violence'], pattern: '(?:pistolets?|bombes?|fusils?) a eau|bombes? calorimetriques?|bombes? de bain|pistolets? a colle' },
  {
    id: 'benign.idioms',
    categories: ['abuse', 'harassment', 'violence'],
    pattern:
      'frapp[a-z]* a la porte|(?:frapp|tap)[a-z]* (?:dans|sur) (?:le dos|l epaule)(?: {W}){0,2} pour (?:me feliciter|m encourager|rigoler|me dire bravo)|tap[a-z]* sur (?:le systeme|le haricot)|tap[a-z]* sur les nerfs|tap[a-z]* sur les doigts|tap[a-z]* (?:un|mon|le|ce) (?:texte|code|message|devoir|rapport)|' +
      'tap[a-z]* (?:dans le|au) (?:ballon|mur)|tap[a-z]* (?:dans|sur) la main(?: {W}){0,3} pour (?:me feliciter|me dire bravo|rigoler|dire bravo)|tap[a-z]* dans la main',
  },
  { id: 'benign.done_with_work', categories: ['self_harm'], pattern: 'en finir avec (?:ce|cet|cette|ces|le|la|les|mon|ma|mes|l)(?! (?:vie|existence|monde))' },
  {
    id: 'benign.science',
    categories: ['self_harm'],
    pattern: 'suicide (?:cellulaire|social|politique|commercial|collectif)|mort cellulaire|mort subite du nourrisson|se jeter a l eau|me jeter a l eau',
  },
  { id: 'benign.die_for', categories: ['self_harm'], pattern: 'mourir (?:pour|de) (?:la patrie|la france|son pays|une cause|ses idees)' },
  // Spanish class: "negro" is a colour there.
  { id: 'benign.spanish', categories: ['hate'], pattern: '(?:el|un|una|color|gato|perro|pelo|vino|es|muy) negr[oa]s?|negr[oa]s? (?:en espagnol|significa)' },
  // A word quoted to be studied, or one a pupil is told never to say, is mentioned, not used.
  {
    id: 'benign.mention',
    categories: ['hate', 'harassment', 'sexual'],
    pattern: '(?:le mot|le terme|l insulte|l expression|le surnom) {W}|(?:ne jamais|jamais) (?:dire|ecrire|employer|utiliser)(?! (?:que|qu|a))(?: {W}){1,2}',
  },
  // A denial or a slur the pupil reports in order to answer it ("les négationnistes disent que …, comment leur
  // répondre ?"): the claim is quoted, the question is how to refute it.
  {
    id: 'benign.refuting',
    categories: ['hate'],
    pattern:
      '(?:negationnistes?|revisionnistes?|complotistes?|conspirationnistes?|antisemites?|racistes?|homophobes?)(?: {W}){0,3} (?:disent|dit|pretendent|pretend|affirment|affirme|racontent|soutiennent|nient|croient|expliquent)(?: que| qu)?{GAP10}|' +
      '(?:dit|disent|pretend|pretendent|affirme|affirment|raconte|racontent|croit|croient|soutient|soutiennent)(?: que| qu){GAP10}(?: {W}){0,4} (?:comment (?:lui |leur |le |la |les )?(?:repondre|refuter|contredire|convaincre|prouver)|' +
      '(?:que|quoi) (?:lui|leur) (?:repondre|dire)|(?:je|j) (?:lui|leur) (?:reponds|dis) quoi|c est faux|c est vrai|(?:des |quels )?arguments? (?:pour|contre))',
  },
  // School supplies: a cutter for the art class is not a weapon.
  {
    id: 'benign.school_tools',
    categories: ['violence'],
    pattern:
      '(?:cutters?|couteaux?|compas|lames?|ciseaux){GAP2} pour (?:le cours|la techno|la technologie|les arts|arts plastiques|le tp|les tp|' +
      'la cuisine|la svt|le projet|decouper|couper le carton|couper le papier|la maquette|les maquettes|l atelier|le bricolage|la couture|' +
      'le dessin|l affiche|le decoupage|la reliure|la gravure|le lino|la sculpture|le club)|' +
      // The teacher or the supplies list asks for it.
      '(?:prof|profs|professeur|maitresse|liste de fournitures|fournitures)(?: {W}){0,8} (?:ramener|apporter|acheter|prendre|avoir) ' +
      '(?:un|une|des|le|la|notre|nos) (?:cutters?|ciseaux|compas|couteaux?|lames?)',
  },
  // Fourth round. Gardening: "je la plante demain" said of a seed or a flower, near the word for it.
  {
    id: 'benign.gardening',
    categories: ['violence'],
    pattern: GARDEN,
    reach: 6,
  },
  // A farewell to a place, a season or someone leaving for good reasons: the words of goodbye are not distress.
  {
    id: 'benign.farewell_occasion',
    categories: ['self_harm'],
    pattern: `${OCCASION}|adieu (?:les|la|le|l|mes|ma|mon|aux|au) (?:vacances|weekend|week end|grasse matinee|college|primaire|ete|soleil|sieste|bonnes notes|moyenne|bac)`,
    reach: 6,
  },
  // Shut in, hit or pushed by mistake: told as an accident.
  { id: 'benign.by_mistake', categories: ['harassment', 'abuse', 'violence'], pattern: 'par erreur|par accident|sans faire expres|sans le faire expres|par megarde', reach: 6 },
];

// Homework and lesson vocabulary: a named topic in such a message is a subject of study.
export const SCHOOL_CONTEXT_PATTERN =
  '(?:romans?|livres?|personnages?|heroine|heros|auteur|autrice|ecrivain|narrat(?:eur|rice)|textes?|poemes?|poesie|poete|piece|' +
  'tragedie|tragique|comedie|scene|acte|chapitres?|film|serie|recit|nouvelle|conte|mythe|mythologie|fable|oeuvre|tableau|' +
  'peinture|peintre|sculpture|chanson|opera|bible|exposes?|cours|controle|devoirs?|dm|exercices?|exo|svt|emc|(?:en|cours de|prof de|controle de|dm de|exo de|devoir de) ses|snt|nsi|philo|' +
  'philosophie|dissert|dissertation|commentaire|analyse|analyser|resume|resumer|qcm|chimie|physique|biologie|latin|anglais|' +
  'espagnol|allemand|histoire|geo|geographie|siecles?|roi|reine|empereur|epoque|revolution|guerre|lois?|droit|debat|prevention|' +
  'affiche|campagne|intervention|sensibilisation|statistiques|taux|chiffres|definition|citations?|explique|expliquer|expliquez|' +
  'pourquoi|c est quoi|qu est ce que|que signifie|veut dire|traduis|traduire|translate|brevet|bac|oral|redaction|redac|' +
  'fiche|lecon|manuel|theme|symbolique|sujet|auteurs?|associations?|stereotypes?|cliches?|prejuges?|articles?|documentaire|reportage|' +
  'musees?|art|propagande|refuter|argumenter|arguments?|contre arguments?)';
