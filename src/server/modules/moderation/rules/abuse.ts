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
      // Sixteen words: the adult is named once, then the story comes ("m'a dit de venir seul dans son bureau et il m'a …").
      '(?:prof|profs|professeur|entraineur|coach|moniteur|monitrice|animateur|animatrice|voisin|surveillant|educateur|chauffeur|pretre|cure|' +
      'maitre|directeur|parrain|beau pere|beauf|oncle|tonton)(?: de {W})?(?: {W}){0,16} ' +
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

  // Fourth round (2026-11-22): what the pupil tells without naming the adult again ("il vient dans ma chambre
  // la nuit quand maman dort"), and the forms neglect and cover-up take.
  {
    id: 'abuse.night_visits_pronoun',
    categories: ['abuse', 'sexual'],
    disclosure: true,
    pattern:
      '(?<!(?:chien|chat|chiot|chaton|lapin|bebe|petit frere|petite soeur|frere|soeur) )(?:il|elle) (?:vient|venait|rentre|rentrait|entre|entrait|se glisse|se glissait|se couche|se couchait|monte|montait|se faufile)' +
      '(?: {W}){0,3} (?:dans (?:mon lit|ma chambre|la salle de bain|la douche)|me voir|me rejoindre)(?: {W}){0,4} (?:la nuit|le soir quand|toutes les nuits|chaque nuit|' +
      'quand (?:je|j) (?:dors|suis couchee?|me change|me douche|me lave|suis seule?)|quand (?:ma|mon|maman|papa) (?:{W} )?(?:dort|travaille|est (?:pas la|au travail|partie?|sortie?)))',
  },
  {
    id: 'abuse.locked_in',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      '(?<!(?:je|j) )(?:{ME}|nous) (?:enferme|enferment|enfermait|enfermaient|a enferme|ont enferme|avait enferme|laisse enferme|laissent enferme|boucle|bouclent)[a-z]*' +
      '(?: {W}){0,3} (?:dans (?:la cave|le placard|le garage|le grenier|le cellier|le debarras|la remise|le cagibi|le noir|le balcon|la buanderie)|' +
      'a cle(?: {W}){0,3} (?:toute la nuit|tout le week end|des heures|pendant|sans)|dehors (?:la nuit|toute la nuit|dans le froid|sans)|toute la nuit|pendant des (?:heures|jours)|des jours|' +
      'tout le week end|sans (?:manger|lumiere|boire))',
  },
  {
    id: 'abuse.deprived_of_food',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      // The adult named before is covered by abuse.neglect; here the pronoun that follows it.
      '(?:on|ils|il|elle) {NE}(?:me|m|nous) (?:donne|donnent|donnait|donnaient|laisse|laissent|laissait) (?:pas|plus|rien|jamais)(?: {W}){0,2} (?:a manger|manger|de nourriture|a bouffer)(?! (?:de|des|du|en|le|la|les|dans|sur|devant|un|une|ce|cette|ces)(?![a-z]))|' +
      '{JE} {NE}(?:ai|a) (?:pas|plus|jamais) (?:le )?droit (?:de|d) (?:manger|diner|dejeuner|gouter|me servir)(?! (?:de|des|du|d|en|pendant|avant|apres|le|la|les|dans|sur|devant|un|une|ce|ces|cette|au|aux|a)(?![a-z]))(?: (?:avec (?:eux|nous|ma famille|les autres)|a table|le soir|a la maison|chez moi))?|' +
      '(?:prive|privee|prives|privees)(?: {W}){0,1} (?:de|d) (?:manger|nourriture|repas|diner|bouffe)(?: {W}){0,3} (?:pendant|depuis|des jours|toute la|tout le|[0-9]+ jours|deux jours|trois jours)|' +
      '(?:frigo|placards?|cuisine|nourriture|bouffe)(?: {W}){0,3} (?:ferme|fermee|fermes|cadenasse|cadenassee|sous cle)(?: a cle| au cadenas)? pour (?:moi|pas que (?:je|j))|' +
      '(?:ils|il|elle|{ADULT}) (?:ferment|ferme|fermait|cadenassent|cadenasse|cachent|cache) (?:le frigo|les placards|la cuisine|la nourriture|la bouffe)(?: a cle| au cadenas)?(?: {W}){0,2} pour (?:moi|pas que (?:je|j))|' +
      '{JE} {NE}mange (?:que|qu) (?:si|quand) (?:je|j) (?:suis sage|obeis|ai des bonnes notes|ai (?:bien )?travaille)|' +
      '{ME} (?:laisse|laissent|laissait|laissaient) (?:tout )?(?:seule?|toute seule|tout seul)(?: {W}){0,3} (?:des jours|des semaines|toute la semaine|plusieurs jours|[0-9]+ jours) (?:sans|avec rien)',
  },
  // Covering for the adult: told to lie about the marks, hiding bruises from school.
  {
    id: 'abuse.told_to_lie',
    categories: ['abuse'],
    disclosure: true,
    pattern:
      '{ME} (?:dit|dis|disent|oblige|obligent|force|forcent|demande|demandent)[a-z]* (?:de|d|a) (?:dire|raconter|mentir|repondre|faire croire)(?: {W}){0,4} que (?:je|j) (?:suis|me suis) ' +
      '(?:tombee?|cognee?|fait mal|blessee?)|(?:bleus|marques|traces|hematomes|coquards?)(?: {W}){0,4} (?:il|elle|ils) {ME} (?:dit|disent|oblige|obligent) (?:de|a) (?:dire|les cacher|mentir)',
  },
  {
    id: 'abuse.hides_bruises',
    categories: ['abuse'],
    tier: 'weak',
    disclosure: true,
    pattern:
      '(?:cacher|cache|planquer|maquiller|camoufler)(?: {W}){0,3} (?:les|mes|ces|des|mon|ce) (?:bleus|hematomes|coquards?|oeil au beurre noir|marques de (?:coups|ceinture|doigts))|' +
      'marques de (?:ceinture|coups|doigts|strangulation)|{JE} (?:dois|dois toujours|vais devoir) (?:dire|raconter) que (?:je|j) (?:suis|me suis) (?:tombee?|cognee?)',
  },
  // Keeping it from school's eyes: a cue beside hidden bruises.
  {
    id: 'abuse.unseen_by_school',
    categories: ['abuse'],
    tier: 'weak',
    disclosure: true,
    pattern: '(?:pas|ne pas) que (?:les profs|le prof|la prof|l infirmiere|la cpe|le cpe|personne|les gens|on|mes potes|mes amis|l ecole)(?: {W}){0,1} (?:voie|voient|remarque|remarquent|pose|posent des questions|le sache|le sachent)',
  },
  { id: 'abuse.isolated_by_adult', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: '(?:venir|viens|aller|rester|monter|passer) (?:tout |toute )?seule?(?: {W}){0,2} (?:dans|chez) (?:son|sa|lui|elle) (?:bureau|voiture|chambre|appart|appartement|maison|vestiaire|local)' },
  { id: 'abuse.our_secret', categories: ['abuse'], tier: 'weak', disclosure: true, pattern: '(?:c est|ce sera|que c est|ca reste) (?:notre|un) (?:petit )?secret|(?:faut|dois|doit|m a dit de|me dit de) (?:rien|pas le|ne rien|ne pas le) dire a (?:personne|maman|ma mere|mon pere|papa|tes parents)' },
];
