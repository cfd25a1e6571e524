// violence: threats, intent to hurt, weapons at school, asking how to hurt or build weapons.
import type { RuleSpec } from './rule.ts';

// Verbs of hurting someone. The few that also mean winning ("défoncer") are cleared by benign.ts when a game,
// a match or a test follows.
const HURT =
  '(?:tuer|buter|egorger|poignarder|tabasser|etrangler|flinguer|frapper|cogner|massacrer|lyncher|abattre|assassiner|' +
  'bruler vif|casser la gueule|casser la tete|peter la gueule|eclater la tete|eclater la gueule|niquer sa race|' +
  'defoncer sa race|faire la peau|saigner|mettre une balle|tirer dessus|briser les os|casser les dents|' +
  'casser les jambes|defigurer|torturer|violenter|planter un couteau|crever les yeux|arracher les yeux|peter les dents|casser le nez|' +
  'peter le nez|casser le bras|(?:exploser|peter|casser|eclater|defoncer|fracasser|arracher|refaire) (?:la|sa|ta|leur) (?:gueule|tete|tronche|face|machoire)|' +
  '(?:mettre|mettrai|foutre|coller) (?:un|des|une) (?:coups? de (?:poing|pied|couteau|boule|tete|latte|batte|cutter)|droite|patate|beigne|baffe|' +
  'gifle|claque|raclee|tarte)|balafrer|defoncer|couper (?:les doigts|la gorge|la main|les couilles|la langue)|noyer|' +
  'pousser (?:dans|du haut)(?: {W}){0,2} (?:escaliers|fenetre|pont|toit|vide)|faire bouffer (?:ses|tes|leurs) dents|' +
  'faire du mal|ouvrir le feu|rafaler|cribler de balles|planter (?:mon|ma|un|une|le|la) {WEAPON}|' +
  'planter (?:mon|ma|un|une|le|la|son|sa) {W} dans (?:la|le|sa|son|ses|les|l) (?:main|ventre|cou|dos|oeil|yeux|bras|jambe|gorge|tete|cuisse)|' +
  'bruler (?:le|la|l|sa|son|leur) (?:college|lycee|ecole|bahut|maison|voiture|classe)|empoisonner|' +
  '(?:casser|peter|briser|tordre|fracasser|ouvrir|exploser|eclater|defoncer) (?:le|la|les|son|sa|ses|ton|ta|tes) (?:bras|jambes?|nez|dents|doigts|cou|' +
  'machoire|cotes|crane|genoux)|bruler(?: {W}){0,2} avec|' +
  '(?:jeter|balancer) de l acide|asperger|ecraser(?: {W}){0,3} avec (?:ma|sa|une) (?:voiture|scooter|moto)|regler (?:son|ton|leur|vos) compte|' +
  'faire (?:saigner|souffrir|regretter d etre ne)|' +
  '(?:taper|frapper|tabasser|defoncer|cogner|lyncher) (?:le|la|les|ce|cette|ces) (?:nouveau|nouvelle|nouveaux|petit|petite|mec|gars|fille|meuf|type|intello|bouffon|' +
  'prof|autre|autres|6e|5e|4e|3e|sixieme|cinquieme|quatrieme|troisieme|seconde|premiere|terminale)s?)';

// Threats in the future or the present tense, without "je vais": "je le tuerai", "si tu reviens je te défonce".
const HURT_CONJUGATED =
  '(?:tuerai|buterai|frapperai|defoncerai|egorgerai|massacrerai|tabasserai|creverai|planterai|poignarderai|etranglerai|' +
  'flinguerai|cognerai|detruirai|tue|bute|frappe|defonce|creve|nique|eclate|demonte|massacre|egorge|tabasse|poignarde|' +
  'etrangle|cogne|fracasse|flingue|descends|allume|gifle|baffe|pete|poignarde|saigne|defigure)';

// Verbs that also mean winning, smoking, typing or planting ("je vais les défoncer au match").
const HURT_SLANG = '(?:defoncer|eclater|demonter|demolir|taper|crever|planter|fumer|descendre|exploser|cramer|niquer|fracasser|detruire|allumer|ecraser|aplatir|shooter)';

// Who threatens: the pupil, or a group the pupil is in.
const SPEAKER = '(?:{JE}|on|nous)';

// Intention, plan or wish.
const INTENT =
  '(?:vais|va|vai|veux|voudrais|compte|ai envie de|ai envie d|reve de|vais aller|allons|vas|finirai par|vais finir par|' +
  'devrais|peux|pourrais|ai decide de|ai prevu de|aimerais|a prevu de|a decide de|avons prevu de|avons decide de|prevois de|prevoit de|attend[a-z]* (?:ce soir |demain |a la sortie )?pour)';

const OBJECT = '(?: (?:te|t|le|la|l|les|vous|lui|leur|tous|tout le monde))*';

// Fourth round: what someone does that a threat answers ("si elle me reparle comme ça je la plante").
const PROVOCATION =
  '(?:{NE}(?:me|m) (?:re)?(?:parle|parles|cherche|cherches|regarde|regardes|touche|touches|insulte|insultes|provoque|provoques|saoule|saoules|' +
  'soule|soules|clashe|clashes|balance|balances|manque|manques|approche|approches|suit|suis|double|doubles|vole|voles|pique|piques|' +
  'parle mal|parles mal|repond|reponds|traite|traites|nargue|nargues|chauffe|chauffes|cherchent|insultent|regardent|touchent|parlent)|' +
  '(?:re)?(?:commence|commences|continue|continues|recommencent|insiste|insistes|ose|oses|revient|reviens|reviennent|ouvre sa bouche|ouvres ta bouche|' +
  'ouvre encore sa bouche|dit encore|redit|redis|refait|refais|touche a|touches a|parle de ma|parles de ma|parle encore de|parles encore de|insulte ma|insultes ma))';
// Slang verbs of stabbing or beating in the present or future, with the person as object.
const STRIKE =
  '(?:plante|planterai|planterais|surine|surinerai|schlasse|schlasserai|saigne|saignerai|shank|defonce|defoncerai|eclate|eclaterai|' +
  'demonte|demonterai|fume|fumerai|allume|allumerai|nique|niquerai|creve|creverai|termine|terminerai|enterre|enterrerai|' +
  'tue|tuerai|bute|buterai|frappe|frapperai|tabasse|tabasserai|cogne|cognerai|massacre|massacrerai|egorge|etrangle|poignarde|fracasse|' +
  'detruis|detruirai|pete|peterai|casse|casserai|arrache|arracherai|lynche|crame|cramerai)';
// A person among pupils, for "pour le tabasser" after a meeting is set.
const HURT_PERSON =
  '(?:tabasser|lyncher|egorger|poignarder|etrangler|buter|tuer|massacrer|defigurer|planter|suriner|defoncer|demonter|eclater|casser la gueule|' +
  'peter la gueule|faire la peau|regler son compte|taper|frapper|cogner|racketter|agresser|faire saigner|attraper|choper|coincer|humilier|tomber dessus|sauter dessus)';

export const VIOLENCE_RULES: RuleSpec[] = [
  {
    id: 'violence.threat',
    categories: ['violence'],
    pattern: `${SPEAKER} {NE}${INTENT}{ADV}${OBJECT} ${HURT}|${SPEAKER} (?:l|la|le|les|t|te|vous|lui) attend[a-z]*(?: {W}){0,3} pour${OBJECT} ${HURT}`,
  },
  { id: 'violence.threat_you', categories: ['violence'], pattern: `${SPEAKER} {NE}${INTENT}{ADV}(?: tous)? (?:te|t|vous)(?: tous)? ${HURT_SLANG}` },
  {
    id: 'violence.you_will_pay',
    categories: ['violence'],
    pattern:
      '(?:tu|vous) (?:vas|allez) (?:te|vous) faire (?:egorger|tuer|buter|defoncer|frapper|tabasser|massacrer|niquer|planter|eclater|demonter)|' +
      '(?:tu|vous) (?:vas|allez) (?:prendre cher|morfler|souffrir|payer|le regretter|regretter d etre nee?)|(?:tu|vous) (?:vas|allez) voir ce que (?:je|j) (?:vais|va)|' +
      '(?:il|elle) (?:va|vont) (?:mourir|crever|y passer)(?: {W}){0,2} (?:ce|cette|sale) {W}|{JE} {NE}vais (?:lui|leur|te|vous) faire regretter|' +
      '{JE} (?:t|te|vous) attends? (?:dehors|a la sortie|devant|apres)',
  },
  {
    id: 'violence.threat_conjugated',
    categories: ['violence'],
    pattern:
      `{JE} (?:te|t|vous|le|la|l|les|lui)(?: {W})? ${HURT_CONJUGATED}|{JE} (?:te|t|lui|leur|vous) (?:plante|mets|mettrai|colle|fous) (?:un|des) coups? de ` +
      '(?:couteau|poing|pied|boule|tete|batte|cutter|ciseaux)|(?:tu|vous) merite[sz]? (?:de crever|de mourir|la mort|de souffrir)',
  },
  {
    id: 'violence.death_wish',
    categories: ['violence'],
    pattern: '{JE} (?:veux|voudrais|souhaite|espere|prie pour) qu (?:il|elle|ils|elles|tu|on) (?:meure|meurent|creve|crevent|souffre|souffrent|disparaisse|se fasse tuer)',
  },
  { id: 'violence.threat_slang', categories: ['violence'], tier: 'weak', pattern: `${SPEAKER} {NE}${INTENT}{ADV} (?:le|la|l|les|lui|leur) ${HURT_SLANG}` },
  {
    id: 'violence.threat_follow_up',
    categories: ['violence'],
    pattern: `${SPEAKER} {NE}${INTENT}{GAP10} et (?:(?:le|la|te|t|les|lui|vous) (?:${HURT}|${HURT_SLANG})|${HURT})`,
  },
  {
    id: 'violence.you_are_dead',
    categories: ['violence'],
    pattern:
      '(?:t es|tu es|vous etes|t etes) (?:un homme mort|une femme morte|des hommes morts)|' +
      '(?:t es|tu es|vous etes|t etes) (?:deja )?(?:mort|morte|morts|mortes|fini|finie|cuit|cuite){GAP2} (?:a la sortie|ce soir|demain|' +
      'apres les cours|a la recre|lundi)|{JE} sais ou (?:tu habites|t habites|il habite|elle habite|vous habitez)|' +
      'fais gaffe a (?:toi|ta gueule|tes fesses)|(?:t|te|vous) attend[a-z]* a la sortie',
  },
  {
    id: 'violence.weapon_at_school',
    categories: ['violence'],
    pattern:
      '{WEAPON}{GAP4} (?:au|a l|dans le|dans la|en) (?:college|lycee|ecole|bahut|cours|classe|cantine|gymnase|self|cour|recre)|' +
      '(?:college|lycee|ecole|bahut|cours|classe|cantine|recre){GAP4} avec (?:un|une|le|la|mon|ma|des|son|sa|les) {WEAPON}|' +
      '(?:ramene|ramener|ramenerai|ramenes|amene|amener|apporte|apporter|apporterai|viens avec|vient avec|venir avec|viendrai avec|' +
      'cache|planque|ramene demain|apporte demain|ramenez|apportez|prenez|arrive avec|arriverai avec|debarque avec) (?:un|une|le|la|mon|ma|des|son|sa|vos) {WEAPON}|{JE} (?:ai|a) (?:un|une|des) {WEAPON} (?:dans|sur) (?:mon|ma|moi)',
  },
  { id: 'violence.weapon_owned', categories: ['violence'], tier: 'weak', pattern: '(?:mon|ma|mes) {WEAPON}' },
  {
    id: 'violence.bomb_at_school',
    categories: ['violence'],
    pattern: '(?:poser|pose|poserai|mettre|cacher|placer|amener|ramener) (?:une|des|la|ma) (?:bombes?|explosifs?|grenades?)',
  },
  {
    id: 'violence.massacre',
    categories: ['violence'],
    pattern:
      '(?:{JE}|on) (?:vais |va |veux |voudrais |compte )?(?:faire|fais|fait|ferai|ferais) (?:un |une )?(?:carnage|massacre|tuerie|fusillade|attentat)|' +
      '(?:tirer|tire|tirerai|tirer dans le tas) sur (?:tout le monde|les gens|les eleves|la classe|le prof|la prof|des gens|mes camarades|ma classe)|' +
      '(?:{JE}|on) {NE}(?:vais|va|veux|voudrais|compte|ai envie de|reve de) (?:leur |lui |te |vous )?(?:tirer|tirer dessus|tirer sur|ouvrir le feu)|' +
      'attaquer (?:le|la|l|mon|ce|notre) (?:lycee|college|ecole|bahut|classe)|{JE} {NE}(?:vais|veux|voudrais|ai envie de) (?:frapper|tuer|taper|buter) tout le monde|' +
      'tuer tout le monde',
  },
  {
    id: 'violence.arson_bomb',
    categories: ['violence'],
    pattern:
      '(?:mettre|mets|mettrai|foutre|fous|foutrai) le feu (?:au|a l|a la|a sa|a son|a leur|chez) (?:lycee|college|ecole|bahut|classe|gymnase|maison|cantine|salle|{W})|' +
      '(?:faire|fais|ferai) (?:exploser|sauter|cramer|bruler) (?:le|la|l|ce|cette|mon|ma|sa|son) (?:lycee|college|ecole|bahut|classe|gymnase|cantine|salle|bus|voiture|maison)',
  },
  {
    id: 'violence.how_to_weapon',
    categories: ['violence'],
    pattern:
      '(?:comment|ou|tuto|recette){GAP2} (?:fabriquer|faire|fabrique|fait|fais|fabriquent|construire|construit|acheter|achete|trouver|trouve|avoir|obtenir|procurer|preparer|prepare){GAP2} ' +
      '(?:bombes?(?! a eau)|explosifs?|cocktails? molotov|molotov|flingues?|pistolets?(?! a eau)|armes?(?: a feu)?|fusils?|guns?|grenades?|poisons?|' +
      'munitions|cartouches)',
  },
  {
    id: 'violence.how_to_hurt',
    categories: ['violence'],
    pattern:
      '(?:comment|ou|tuto|recette)(?: {W}){0,3} (?:empoisonner|empoisonne|tuer|tue|assassiner|egorger|etrangler|etrangle|blesser|blesse|faire du mal a|' +
      'frapper|assommer|torturer|kidnapper) ' +
      '(?:quelqu un|qqn|une personne|un humain|mon|ma|mes|un prof|une prof|un eleve|sans)|comment (?:on |je |j )?(?:fait|faire|fais)(?: du)? mal ' +
      '(?:a quelqu un|sans)|poison(?: {W}){0,4} (?:dans (?:un|son|le|sa) (?:verre|boisson|repas|assiette|bouteille|cafe|the)|sans que (?:ca|cela) se (?:sente|voie))',
  },
  {
    id: 'violence.revenge_weapon',
    categories: ['violence'],
    pattern: '{WEAPON}{GAP2} pour (?:me venger|le tuer|la tuer|les tuer|le planter|la planter|me faire justice)|(?:acheter|trouver|avoir) (?:un|une|des) {WEAPON} pour (?:me venger|tuer|le|la|les)',
  },
  {
    id: 'violence.kill_staff',
    categories: ['violence'],
    pattern:
      '(?:tuer|buter|egorger|poignarder|flinguer|abattre|tabasser) (?:le|la|mon|ma|ce|cette|les|mes) (?:prof|profs|professeur|principal|principale|' +
      'cpe|surveillant|surveillante|pion|directeur|directrice|proviseur|proviseure)',
  },
  {
    id: 'violence.wants_them_dead',
    categories: ['violence'],
    pattern:
      '(?:voir|vois) (?:les|le|la|te|vous)(?: tous| toutes)? (?:morts?|mortes?|crever|souffrir|en sang|saigner)|' +
      '(?:les|le|la|te|vous) (?:voir|vois)(?: tous| toutes)? (?:morts?|mortes?|crever|souffrir|en sang|saigner)',
  },
  {
    id: 'violence.send_people',
    categories: ['violence'],
    pattern: '(?:envoyer|ramener|appeler) (?:des|mes|les)(?: {W}){0,2} pour (?:le|la|les|te|l) (?:tabasser|frapper|defoncer|taper|buter|tuer|casser|niquer)',
  },
  // Third round (2026-11-22).
  // A slang verb ("planter", "défoncer") becomes a threat when it is aimed at an insulted person: "je vais le
  // planter ce bâtard" (the match, a test or a game clears "je vais les défoncer" in benign.ts).
  {
    id: 'violence.threat_at_insulted',
    categories: ['violence'],
    pattern:
      `${SPEAKER} {NE}${INTENT}{ADV}${OBJECT} ${HURT_SLANG}(?: {W}){0,2} (?:ce|cette|cet|ces|sale|a ce|a cette)(?: {W})? (?:{INSULT_HARD}|fils de pute|fdp|batard|connard|pimbeche|pouffiasse|sale {W})|` +
      `{JE} (?:te|t|le|la|l|les|lui)(?: {W})? (?:defonce|eclate|demonte|plante|nique|fume|creve|allume)(?: {W}){0,2} (?:ce|cette|cet|sale) (?:{INSULT_HARD}|mec|gars|meuf|fille|type|pimbeche|intello|bolosse?)`,
  },
  // Conditional threats in the present: "si elle recommence je la plante", "s'il me reparle je lui plante mon compas".
  {
    id: 'violence.if_then',
    categories: ['violence'],
    pattern:
      '(?:si|s) (?:il|elle|ils|elles|tu|t|on|ce {W}|cette {W})(?: {W}){1,6} (?:je|j) (?:te|t|le|la|l|les|lui|leur|vous) ' +
      '(?:defonce|tue|bute|eclate|frappe|tabasse|massacre|egorge|etrangle|nique|cogne|poignarde)|' +
      '{JE} (?:te|t|lui|leur|vous) (?:plante|planterai|enfonce|enfoncerai) (?:mon|ma|un|une|le|la|mes) (?:{WEAPON}|compas|ciseaux|stylo|fourchette|tournevis|cutter)',
  },
  // Getting a firearm outside school ("un mec peut me vendre un flingue").
  {
    id: 'violence.get_firearm',
    categories: ['violence'],
    tier: 'contextual',
    pattern:
      '(?:vendre|vend|acheter|achete|procurer|trouver|choper|recuperer|chourer|voler|piquer) (?:un|une|des|le|la|son|sa) ' +
      '(?:flingues?|pistolets?(?! a (?:eau|colle|billes))|revolvers?|guns?|calibres?|glock|kalach[a-z]*|kalash[a-z]*|fusils?(?! a eau)|armes? a feu|' +
      'tasers?|crans? d arret|poings? americains?|grenades?)(?! (?:a eau|a colle|en plastique|jouet|de paintball|d airsoft|de laser game|de chasse|pour (?:la|aller a la) chasse|pour chasser|dans (?:fortnite|gta|le jeu)))',
  },
  { id: 'violence.take_matters', categories: ['violence'], tier: 'weak', pattern: '(?:regler|regle|reglerai) (?:ca|le probleme|cette histoire|mes comptes) (?:moi meme|a ma facon|a ma maniere|nous memes|entre nous)|faire justice moi meme' },
  // A friend's plan to hurt someone: the pupil reports it.
  {
    id: 'violence.friend_plans',
    categories: ['violence'],
    pattern:
      '{RELATION}{GAP4} (?:veut|voulait|va|allait|compte|prevoit de|a prevu de|menace de|parle de|a envie de) ' +
      `${HURT} (?:(?:un|une|le|la|les|l|son|sa|ses|des|ce|cette|mon|ma|notre) (?:mec|gars|fille|meuf|type|keum|garcon|eleve|eleves|prof|voisin|voisine|pote|copain|copine|frere|soeur|pere|mere|surveillant|cpe|ex)|quelqu un|tout le monde|des gens)`,
  },
  // Weapons carried "just in case" or to wait for someone.
  {
    id: 'violence.armed',
    categories: ['violence'],
    pattern:
      '(?:{JE}|on) (?:ai|a|avons|garde|porte|prends|emmene|ramene|amene)(?: toujours| tout le temps)? (?:un|une|des|mon|ma|mes|le|la|les) ' +
      '(?:{WEAPON}|crans? d arret|couteau a cran|barres? de fer|matraques?|nunchakus?|bombe lacrymo|gazeuse)' +
      '(?: {W}){0,5} (?:au cas ou|pour me defendre|pour nous defendre|pour (?:le|la|les|eux) (?:attendre|recevoir))|' +
      // Without a reason given, only what is a weapon and nothing else (a Swiss knife goes to a picnic).
      '(?:{JE}|on) (?:ai|a|avons|garde|porte|prends|emmene)(?: toujours| tout le temps)? (?:un|une|des|mon|ma|mes|le|la|les) ' +
      '(?:flingues?|pistolets?|revolvers?|guns?|calibres?|glock|crans? d arret|couteau a cran|couteau papillon|poings? americains?|matraques?|tasers?|gazeuse|barres? de fer)' +
      '(?: {W}){0,3} (?:sur moi|dans (?:mon|ma) (?:sac|poche|trousse|casier|veste|manteau))|' +
      '(?:(?:le|la|les|l) )?(?:attendre|attend|attends|attendons|recevoir|cueillir|accueillir)(?: {W}){0,3} avec (?:des|un|une|nos|mes|les) ' +
      '(?:{WEAPON}|crans? d arret|barres? de fer|matraques?|chaines)',
  },
  // Saying someone deserves to die, outside a discussion of a character or a trial.
  {
    id: 'violence.deserves',
    categories: ['violence'],
    tier: 'contextual',
    pattern:
      '(?:il|elle|ils|elles|ce {W}|cette {W}|ces {W}) (?:merite|meritent|meriterait|meriteraient) (?:une balle|de crever|de mourir|la mort|de se faire (?:tuer|buter|defoncer|tabasser)|' +
      'qu on (?:le|la|les) (?:tue|bute|defonce|tabasse|frappe)|une bonne raclee|des coups)',
  },
  // Poisoning or drugging someone: the dose or the product, "to make them sick".
  {
    id: 'violence.poison_someone',
    categories: ['violence'],
    pattern:
      '(?:mort aux rats|poison|javel|laxatifs?|somniferes?|drogue|medocs|medicaments|cachets|detergent|destop|antigel)(?: {W}){0,6} (?:pour|a) ' +
      '(?:rendre malade|empoisonner|endormir|droguer|intoxiquer|faire vomir|tuer) (?:quelqu un|une personne|mon|ma|mes|le|la|les|un|une|ce|cette|lui|leur)|' +
      '(?:mettre|verser|glisser) (?:de la|du|des)(?: {W}){0,2} (?:mort aux rats|poison|javel|laxatifs?|somniferes?|drogue)(?: {W}){0,3} dans (?:son|sa|ses|le|la|leur)',
  },
  // Hurting someone until it shows, or for revenge.
  {
    id: 'violence.make_them_bleed',
    categories: ['violence'],
    pattern:
      `${SPEAKER} {NE}${INTENT}{ADV}${OBJECT} (?:${HURT}|${HURT_SLANG})(?: {W}){0,3} jusqu a ce qu (?:il|elle|ils|elles|tu) (?:saigne|saignent|pleure|pleurent|creve|crevent|tombe|tombent|s evanouisse|meure|meurent)|` +
      '(?:lui|leur|te|vous|le|la|les) faire (?:payer|subir|regretter)(?: {W}){0,3} (?:ce qu (?:il|elle|ils|elles|tu) (?:m a|m ont|m as) fait|avec (?:un|une|des|mon|ma) {WEAPON})',
  },
  { id: 'violence.school_shooting', categories: ['violence'], tier: 'contextual', pattern: 'columbine|school shooting|tuerie de masse|comme a (?:columbine|parkland|utoya)' },
  { id: 'violence.swear', categories: ['violence'], tier: 'weak', pattern: '(?:je te|j te|jte) jure|wallah|sur ma vie|sur la tete de ma mere|c est la guerre' },
  { id: 'violence.after_school', categories: ['violence'], tier: 'weak', pattern: 'a la sortie(?: du (?:college|lycee|cours|bahut))?' },
  { id: 'violence.no_traces', categories: ['violence'], tier: 'weak', pattern: 'sans (?:laisser de traces?|que (?:ca|cela) se voie|se faire (?:prendre|choper|attraper))' },
  { id: 'violence.until_hurt', categories: ['violence'], tier: 'weak', pattern: 'jusqu a ce qu (?:il|elle|ils|elles|tu) (?:saigne|saignes|pleure|pleures|creve|meure|tombe|s evanouisse)' },
  { id: 'violence.no_recovery', categories: ['violence'], tier: 'weak', pattern: '(?:il|elle|ils|elles|tu) (?:va|vont|vas) (?:pas )?(?:s en remettre|t en remettre|finir a l hopital|finir aux urgences)' },
  { id: 'violence.find_them', categories: ['violence'], tier: 'weak', pattern: '(?:va|vais|allons|vont) (?:le|la|te|t|les) (?:retrouver|choper|attraper|chercher)' },

  // Fourth round (2026-11-22): lot D's misses, generalised.
  // A condition set by someone's act, answered by a slang verb aimed at them: "si elle me reparle comme ça je la
  // plante", "s'il ose revenir je le termine". ("Je te plante là" is leaving someone, not a blow.)
  {
    id: 'violence.if_provoked',
    categories: ['violence'],
    pattern:
      `(?:si|s|la prochaine fois qu|la prochaine fois que|le jour ou|des qu|des que) (?:il|elle|ils|elles|tu|t|on|ce {W}|cette {W}|{W}) ${PROVOCATION}(?: {W}){0,6} ` +
      `(?:je|j|on) (?:te|t|le|la|l|les|lui|leur|vous) ${STRIKE}(?! la(?: |$)(?!bas))`,
  },
  // "Je la plante demain", "je te surine à la sortie": the slang verb with the time or place of a fight.
  {
    id: 'violence.stab_slang',
    categories: ['violence'],
    pattern:
      '{JE} (?:te|t|le|la|l|les|vous) (?:plante|planterai|planterais|surine|surinerai|schlasse|schlasserai|shank|saigne|saignerai)' +
      '(?: {W}){0,2} (?:a la sortie|demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi|samedi|a la recre|devant tout le monde|direct|' +
      'sans hesiter|je te jure|wallah|sur ma vie|avec (?:mon|ma|un|une|le|la) {W})',
  },
  // "Ça va saigner demain", "il va y avoir du sang à la sortie": a promised fight, outside a lesson.
  {
    id: 'violence.blood_promised',
    categories: ['violence'],
    tier: 'contextual',
    pattern:
      '(?:(?:ca|sa) va (?:saigner|pisser le sang|finir en sang|etre sanglant)|(?:il va y avoir|y aura|y va y avoir|il y aura) du sang)' +
      '(?:(?: {W}){0,2} (?:demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi|a la sortie|a la recre|apres les cours|au college|au lycee|au bahut|je te (?:le )?jure)|$)',
  },
  // Planning a fight: a meeting set "to beat him up", organising a brawl, the time and place of a fight.
  {
    id: 'violence.planned_fight',
    categories: ['violence'],
    pattern:
      '(?:on se (?:retrouve|rejoint|rejoins|donne rendez vous|donne rdv|voit|capte|rejoindra|retrouvera)|rendez vous|rdv|rejoins moi|rejoignez moi|' +
      'ramene[sz]? (?:toi|tes potes|du monde|des gens|les gars)|viens|venez|on y va|on ira|on sera|on va etre|on attend|on l attend|on les attend|' +
      'on va tous|tout le monde)(?: {W}){0,8} pour (?:le |la |les |l |lui |leur |te |t )?' + HURT_PERSON + '|' +
      '(?:organis|prepar|planifi|prevoi|prevoy|mont)[a-z]* (?:une|la|un|le|notre|leur) (?:bagarre|baston|embuscade|guet apens|expedition punitive|' +
      'descente|reglement de comptes|fight|tabassage|lynchage|rixe)|' +
      '(?:bagarre|baston|fight|rixe|clash) (?:prevue?|organisee?|de demain|de ce soir|de lundi|a [0-9]+ ?h|derriere|a la sortie|apres les cours)|' +
      '(?:on|ils|nous) (?:se|va se|vont se|nous) (?:bat|battre|bagarre|bagarrer|battent|fight)(?: {W}){0,3} (?:derriere|a la sortie|apres les cours|' +
      'au parc|au city|au stade|a [0-9]+ ?h)',
  },
  { id: 'violence.help_organise', categories: ['violence'], tier: 'weak', pattern: '(?:tu m aides|aide moi|aidez moi|vous m aidez) a (?:organiser|preparer|planifier|trouver du monde)' },
  // A weapon (often someone else's) to frighten or threaten: "mon frère a un flingue, je pourrais le prendre pour
  // faire peur aux 3e", "les menacer avec le couteau de cuisine".
  {
    id: 'violence.weapon_to_scare',
    categories: ['violence'],
    tier: 'contextual',
    pattern:
      '{WEAPON}(?: {W}){0,8} (?:pour|et) (?:leur |lui |les |le |la |te )?(?:faire peur|menacer|intimider|impressionner|me venger|tirer|braquer|racketter)|' +
      '(?:faire peur|menacer|intimider|braquer|racketter)(?: {W}){0,4} avec (?:un|une|le|la|mon|ma|son|sa|des|les) {WEAPON}',
  },
  // Taking a relative's weapon, or going with one: "prendre le fusil de mon père", "j'arrive avec une batte".
  {
    id: 'violence.takes_weapon',
    categories: ['violence'],
    tier: 'contextual',
    pattern:
      '(?:prendre|piquer|voler|emprunter|sortir|chourer|recuperer|prends|pique|vole|emprunte|sors)(?: {W}){0,1} (?:le|la|les) ' +
      '(?:flingues?|pistolets?|revolvers?|fusils?|armes?|couteaux?|calibres?|tasers?|battes?|machettes?) (?:de|d) (?:mon|ma|mes) (?:pere|frere|oncle|daron|cousin|grand pere|papa|beau pere)' +
      '(?! (?:pour (?:la|aller a la) chasse|pour chasser|pour le club|au club|pour le tir))',
  },
  // Making a weapon: sharpening something to stab with, building a bomb or a blade.
  {
    id: 'violence.make_weapon',
    categories: ['violence'],
    pattern:
      '(?:aiguis|affut|taill)[a-z]*(?: {W}){0,4} pour (?:le |la |les |l |lui |te |t )?(?:planter|piquer|blesser|tuer|egorger|saigner|poignarder|me venger|me defendre|suriner)|' +
      '{JE} (?:vais |veux |compte |ai |suis en train de )?(?:fabrique|fabriquer|fabriquerai|bricole|bricoler|construis|construire|prepare|preparer|fais|faire|ferai)' +
      '(?: {W}){0,2} (?:une|des|un|mon|ma|mes) (?:bombes?(?! (?:a eau|de bain|de peinture))|explosifs?|cocktails? molotov|molotov|surins?|lance flammes?|' +
      'pistolet artisanal|arme artisanale|couteau artisanal|poing americain|napalm|grenades?(?! (?:de jus|a plâtre)))',
  },
  // Threats after damage to someone's things: "je crève ses pneus et après je m'occupe de lui"; each is a cue.
  {
    id: 'violence.vandal_person',
    categories: ['violence'],
    tier: 'weak',
    pattern:
      '(?:crever|creve|creverai|rayer|raye|rayerai|casser|casse|defoncer|cramer|bruler|taguer|peter)(?: {W}){0,1} (?:les|ses|sa|son|leur|leurs) ' +
      '(?:pneus|voiture|scooter|velo|vitres|casier|fenetres|boite aux lettres|maison|portable)(?: (?:du|de la|de|d) {W})?',
  },
  { id: 'violence.deal_with_person', categories: ['violence'], tier: 'weak', pattern: '{JE} {ME} (?:occupe|occuperai|chargerai|charge) (?:de lui|d elle|d eux|de toi|de vous|de son cas|de ton cas|de leur cas|personnellement de)' },
  { id: 'violence.wont_laugh', categories: ['violence'], tier: 'weak', pattern: '(?:il|elle|ils|elles|tu|vous) (?:va|vont|vas|allez) (?:pas|plus|moins) (?:rigoler|rire|faire les malins|faire le malin|faire la maline|la ramener|faire les fiers)(?: longtemps)?' },
];
