// abuse: a pupil disclosing violence, neglect or sexual abuse by an adult (parent, step-parent, relative,
// teacher, coach, neighbour). Sexual abuse is also `sexual`. All of these are disclosures.
import type { RuleSpec } from './rule.ts';

// What an adult does to the pupil, after "me"/"m'" ("mon père me frappe", "ma mère m'a frappée").
const BEATS =
  '(?:frappe|frapper|frappent|frappait|frappee|bat|battu|battue|battent|battait|tape|tapent|tapait|tapee|cogne|cognent|cognait|' +
  'frappant|tapant|battant|giflant|cognant|gifle|giflent|giflait|giflee|claque|griffe|griffent|pince|pincent|pincait|etrangle|etranglait|etranglee|brule|brulent|brulait|secoue|secouent|secouait|' +
  'tabasse|tabassent|tabassait|fouette|mord|enferme|enfermee|enferment|enfermait|attache|attachee|tire les cheveux|defonce|defoncent|defoncait|demonte|demontent|' +
  'massacre|massacrent|eclate|eclatent|' +
  'leve la main sur moi|(?:met|mis|mettent|donne|donnent|donnait|mettait) (?:des|une|un|plein de) (?:coups?(?! de (?:pression|main|fil|pouce|stress|' +
  'vieux|chaud|coeur|foudre|boost|speed|genie))|claques?|baffes?|gifles?|' +
  'raclees?|tartes?|beignes?|corrections?)(?: de (?:poing|pied|ceinture|tete|baton|fouet|cable))?|pouss[a-z]* (?:dans|contre|par terre|violemment|fort)|jet[a-z]* (?:dehors|a la rue|des|contre|par terre|dans)|' +
  'cass[a-z]* (?:le|la|les|un|une|mon|ma|mes) (?:bras|jambe|nez|dents?|cotes?|doigts?|poignet|machoire)|tord|tordent|tordait|' +
  'balance[a-z]* (?:des|ses) (?:objets|trucs|choses|assiettes)|tire par les cheveux|traine par les cheveux|plaque[a-z]* (?:au sol|contre)|' +
  'fractur[a-z]*|laisse[a-z]* (?:enferme|attache)[a-z]*|privant de (?:nourriture|manger|repas))';

// Sexual abuse: also flagged `sexual`.
const TOUCHES =
  // "touchée" folds to "touche" (letter runs collapse), so one form with its exception covers both.
  '(?:touche(?! (?:un|deux|quelques) mots?| (?:l epaule|le bras|la main|le dos|mon epaule|mon bras|ma main|mon dos|la tete|les cheveux)(?! (?:et|puis|en|longtemps))| (?:le|la|mon|ma|ton) (?:ballon|balle|cible))|touchent|touchait|caresse|caressait|viole|violee|violait|tripote|tripotait|pelote|deshabille|' +
  'fait des attouchements|fait des (?:trucs|choses)|fait faire des (?:trucs|choses)|fait des (?:calins|bisous) bizarres|' +
  'regarde (?:sous la douche|quand je me douche|me changer)|montre son sexe|montre sa bite|rejoint dans mon lit|' +
  'embrass[a-z]* (?:sur la bouche|de force|partout|dans le cou|avec la langue)|montre son (?:zizi|penis|queue)|' +
  'envoie des (?:messages|photos|trucs) (?:bizarres|genants|coquins|sexuels|intimes)|demande (?:mon snap|mon insta|mon numero|des photos)|' +
  'demande de (?:m asseoir sur (?:lui|ses genoux)|le toucher|me deshabiller)|' +
  'montre[a-z]* (?:des|ses) (?:videos?|photos?|films?|images?) (?:porno|pornos|x|de cul|de sexe|cochonnes?)|' +
  '(?:force|oblige|forcee|obligee) a (?:le|la|les|lui) (?:toucher|caresser|embrasser|sucer|regarder)|' +
  '(?:force|oblige|forcee|obligee) a (?:faire des (?:trucs|choses)|coucher|me deshabiller|me toucher|dormir avec (?:lui|elle))|' +
  'demande de (?:lui )?faire (?:un bisou|des bisous|un calin|des calins)|(?:pris en photo|photographie|filme)[a-z]*{GAP4} ' +
  '(?:vestiaires|douche|nue?|deshabille|en sous vetements|dans ma chambre|salle de bain))';

export const ABUSE_RULES: RuleSpec[] = [
  { id: 'abuse.beaten', categories: ['abuse'], disclosure: true, pattern: `{ADULT}{GAP10} (?:{ME}|nous)(?: ont| a| avait| avaient)?{ADV} ${BEATS}` },
  // A kiss from a teacher, a coach or a neighbour is not the goodnight kiss of a parent.
  {
    id: 'abuse.kissed_by_staff',
    categories: ['abuse', 'sexual'],
    disclosure: true,
    pattern:
      '(?:prof|profs|professeur|entraineur|coach|moniteur|monitrice|animateur|animatrice|voisin|surveillant|educateur|chauffeur|pretre|cure)(?: de {W})?{GAP10} ' +
      '{ME}(?: a| avait)? (?:embrass|caress|tripot|pelot|lech)[a-z]*',
  },
  { id: 'abuse.touched', categories: ['abuse', 'sexual'], disclosure: true, pattern: `{ADULT}{GAP10} {ME}(?: ont| a| avait| avaient)?{ADV} ${TOUCHES}` },
  { id: 'abuse.raised_hand', categories: ['abuse'], disclosure: true, pattern: '{ADULT}{GAP4} (?:a |avait )?leve la main sur moi' },
  {
    id: 'abuse.night_visits',
    categories: ['abuse', 'sexual'],
    disclosure: true,
    pattern:
      '{ADULT}{GAP4} (?:vient|venait|rentre|entre|se met)(?: {W}){0,2} dans (?:mon lit|ma chambre la nuit)|' +
      '{ADULT}{GAP4} (?:vient|venait|rentre|entre|entrait)(?: {W}){0,2} dans (?:la salle de bain|ma chambre|la douche)(?: {W}){0,2} quand (?:je|j) ' +
      '(?:me lave|me douche|dors|me change|suis nue?)|{ADULT}{GAP4} (?:vient|venait|entre|rentre) me voir quand (?:je|j) (?:prends ma douche|me douche|' +
      'me lave|dors|me change|suis au lit)',
  },
  {
    id: 'abuse.beaten_at_home',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      '{ME}(?: ont| a)?{ADV} (?:frapp|tap|bat|cogn|tabass)[a-z]* (?:chez moi|a la maison)|' +
      '{JE} {ME}(?: suis)? (?:fais|fait|faite){ADV} (?:frapper|taper|battre|cogner|tabasser|gifler|enfermer) (?:chez moi|a la maison|par {ADULT})|' +
      '{JE} (?:suis|me sens) (?:battue?|maltraitee?)|(?:chez moi|a la maison){GAP2} {JE} {ME}(?: suis)? (?:fais|fait|faite){ADV} ' +
      '(?:frapper|taper|battre|cogner|tabasser|gifler)',
  },
  {
    id: 'abuse.marks',
    categories: ['abuse'],
    disclosure: true,
    pattern: '(?:bleus?|marques?|cicatrices?|traces?|hematomes?|coquards?|bosses?|oeil au beurre noir|levre fendue){GAP4} (?:a cause d|a cause de|de|par|quand|c est|c|c etait) {ADULT}',
  },
  {
    id: 'abuse.threatened',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      '{ADULT}{GAP4} {ME}(?: a| ont)? menac[a-z]* (?:avec|de (?:me )?(?:frapper|tuer|taper|battre|mettre dehors|jeter|tabasser))',
  },
  {
    id: 'abuse.neglect',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      '{ADULT}{GAP10} {ME}(?: ont| a)?{ADV} (?:prive|privent|privait|laisse|laissent|laissait)[a-z]*{GAP4} (?:de manger|de nourriture|' +
      'sans manger|sans nourriture|de repas|de dormir|sans rien a manger|sans repas|sans rien)|{ADULT}{GAP4} {ME} (?:laisse|laissent|laissait) pas manger|' +
      '{ADULT}{GAP4} {ME} (?:empeche|empechent) de manger',
  },
  {
    id: 'abuse.domestic_violence',
    categories: ['abuse'],
    disclosure: true,
    pattern: '{ADULT} (?:bat|frappe|tape|cogne|tabasse|battait|frappait|cognait) (?:ma|mon) (?:mere|pere|maman|papa|soeur|frere|belle mere|beau pere)',
  },
  // "Ma mère va me tuer si j'ai une mauvaise note" is nearly always hyperbole: a second opinion, not a flag.
  { id: 'abuse.threat_hyperbole', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: '{ADULT} (?:va|vont) {ME} (?:tuer|buter|defoncer|massacrer|tabasser)' },
  // "Si je parle il me tue" and "ce qu'il me fait": the silence an abuser imposes.
  { id: 'abuse.silenced', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: 'si (?:je|j) (?:parle|dis|le dis|raconte|en parle)(?: {W}){0,6} (?:il|elle|ils) {ME} (?:tue|tuera|frappe|frappera|tabasse|bat|defonce)' },
  { id: 'abuse.what_he_does', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: 'ce qu (?:il|elle|ils) (?:me|m) (?:fait|font|faisait|a fait)' },
  { id: 'abuse.afraid_to_go_home', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: '(?:peur de|veux pas|ose pas) rentrer (?:chez moi|a la maison)' },
  // Third round (2026-11-22): the adult is often named once, then "il"/"elle" ("quand il a bu il me frappe").
  { id: 'abuse.drunk_adult', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: 'quand (?:il|elle) (?:a|avait) (?:trop )?bu|quand (?:il|elle) (?:boit|rentre (?:saoule?|bourree?|ivre))|(?:il|elle) (?:est|rentre) (?:tout le temps |toujours |souvent )?(?:saoule?|bourree?|ivre)' },
  {
    id: 'abuse.he_hits_me',
    categories: ['abuse'],
    tier: 'weak',
    disclosure: true,
    pattern: `(?:il|elle|ils) (?:{ME}|nous)(?: a| ont| avait)?{ADV} ${BEATS}(?: {W}){0,4} (?:tous les (?:soirs|jours|week ends)|quand|chaque (?:soir|fois)|depuis|a la maison|chez (?:moi|nous))`,
  },
  { id: 'abuse.topic', categories: ['abuse'], tier: 'nominal', pattern: 'maltrait[a-z]*|inceste|attouchements?|pedocriminel[a-z]*' },
];
