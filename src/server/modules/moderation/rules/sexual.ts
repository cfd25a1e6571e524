// sexual: sexual content, requests for it, grooming and sextortion. Sex education vocabulary ("rapport sexuel",
// "organes sexuels", "reproduction sexuée") is deliberately absent: it is curriculum.
import type { RuleSpec } from './rule.ts';

const UNDRESSED =
  '(?:nue?s?|toute? nue?s?|a poil|sans (?:haut|habits|vetements|culotte|soutif|soutien gorge|slip|calecon)|' +
  'en (?:sous vetements|culotte|soutif|soutien gorge|string|maillot|calecon|boxer|slip|petite tenue|lingerie|bikini|petite culotte)|' +
  'de (?:tes|ses|mes) (?:seins|fesses|parties)|sous la douche|dans (?:le|ton|ta) (?:bain|baignoire)|en serviette)';

export const SEXUAL_RULES: RuleSpec[] = [
  {
    id: 'sexual.explicit_words',
    categories: ['sexual'],
    pattern:
      'nudes?|nudz|dick ?pics?|sextos?|sextapes?|porno?s?|porn|pornhub|xvideos?|youporn|xhamster|onlyfans|' +
      'plans? cul|(?:histoires?|videos?|scenes?|films?|photos?|sites?) de cul|kamasutra|kama sutra|hentai|strip ?tease|' +
      'dick|nsfw|rule ?34|sexting|sextoys?|sex toys?|godemichet|vibromasseur|(?:faire|tailler|fais|taille) (?:une|des) pipes?|' +
      'plans? (?:sexe|q)|(?:photos?|videos?|images?) intimes|(?:nuits?|soirees?|histoires?)(?: {W})? (?:la plus |les plus )?(?:chaudes?|torrides?|coquines?)|torrides?|' +
      'en train de se (?:toucher|branler|masturber|caresser)|sites?(?: {W}){0,3} pour (?:voir|regarder|mater)(?: {W}){0,2} (?:femmes?|filles?|meufs?|hommes?|mecs?) (?:nue?s?|a poil)',
  },
  {
    id: 'sexual.undressed_picture',
    categories: ['sexual'],
    pattern:
      '(?:photos?|videos?|images?|selfies?|snaps?|pics?|dessins?)(?: (?:de (?:toi|moi|elle|lui|ta soeur|ton corps|mon corps|son corps)|' +
      'd elle|d une (?:fille|meuf|femme)|de (?:fille|femme|meuf)s?))?(?: {W}){0,2} ' + UNDRESSED + '|' +
      '(?:photos?|videos?|images?|snaps?|pics?)(?: {W})? de (?:son|sa|ses|ton|ta|tes) (?:sexe|zizi|penis|bite|queue|poitrine|seins|fesses|corps nu|' +
      'culotte|string|soutif|soutien gorge|slip|calecon|sous vetements|parties)|' +
      '(?:decris|montre|dessine|genere|imagine|envoie)(?: moi| nous)?(?: {W}){0,6} (?:nue?s?|a poil)',
  },
  {
    id: 'sexual.undress',
    categories: ['sexual'],
    pattern:
      '(?:me|te|toi|vous)(?: {W})? (?:deshabill[a-z]*|mettre a poil|met a poil|mets a poil)|(?:me|te) mettre (?:en|a) (?:sous vetements|culotte|soutif|string|poil|nue?)|' +
      '(?:me|te) (?:montre|montrer|montres|mettre|mets|met|mette)' +
      '(?: pas)?(?: toute?)? (?:nue?s?|a poil)|(?:montre|montres|montrer|envoie|envoies|envoyer)(?: moi| nous| lui| leur)?(?: {W})? ' +
      '(?:tes|ta|ton|ses|sa|son|mes|ma|mon) (?:seins|fesses|corps nu|nichons|bite|sexe|zizi|culotte|parties|poitrine|intimite)',
  },
  {
    id: 'sexual.sex_talk',
    categories: ['sexual'],
    pattern:
      '(?:histoires?|scenes?|videos?|films?|photos?|images?|texte|recit|trucs?|choses|conversation|discussions?|parle moi|parler|' +
      'parlons|raconte moi|decris moi|ecris moi|mots|fanfictions?|fanfics?|roleplay|rp|jeu de role|blagues?)(?: {W}){0,2} (?:de sexe|du sexe|' +
      'sexuel(?:le)?s?|erotiques?|cochonn?e?s?|coquine?s?|cochons|porno|hot|chaudes?|sexy|de cul)|(?:raconte|decris|parle)(?: moi)?(?: {W}){0,3} ' +
      '(?:ta |ma |sa )?(?:premiere fois|vie sexuelle|experiences? sexuelles?)|(?:raconte|decris|parle)(?: moi)?(?: {W}){0,3} (?:fais|fait|faire) l amour',
  },
  {
    id: 'sexual.sex_act_request',
    categories: ['sexual'],
    pattern:
      'positions? sexuelles?|(?:faire|fasse|fassions|fais|fait|ferait|ferais) l amour (?:avec (?:toi|moi)|ensemble)|coucher avec (?:toi|moi)|(?:t as|tu as|vous avez|as tu) deja couche|' +
      '(?:veux|veut|voudrais|envie|on) qu on (?:fasse l amour|couche ensemble|baise)|' +
      '(?:veux|veut|voudrais|envie de|on|va|vais|peux|aller|comment|position pour|positions pour){GAP4} (?:coucher avec|' +
      'baiser(?! (?:la main|le front|les pieds))|faire l amour)|(?:tu|t) suces?(?! (?:un|des|le|la|ton|ta|tes) (?:bonbon|sucette|glace|pouce|doigt))|' +
      '(?:t es|tu es) (?:trop )?(?:bonne|bandante|sexy|excitante)(?! (?:en|a|au|pour|dans))|{JE} suis en chaleur|' +
      '{ME} (?:fait|font|faisait) des avances|coucher (?:ensemble|la premiere fois|pour la premiere fois)|couchent ensemble|couche ensemble|' +
      'taille (?:moyenne )?(?:d un|du|de mon|de ton|de sa) (?:penis|sexe|zizi|bite)|' +
      '(?:me|te|la|le|lui) sucer|suce (?:moi|ma|ta)|sucer (?:ma|ta|sa) (?:bite|queue)',
  },
  {
    id: 'sexual.pressure_for_pictures',
    categories: ['sexual'],
    pattern:
      'pour (?:avoir|obtenir|recevoir) (?:des|mes|une|d autres) (?:photos?|videos?|nudes?) de moi|(?:force|oblige|harcele|menace)[a-z]* (?:a|de|pour) ' +
      '(?:lui )?(?:envoyer|montrer|donner) (?:des|mes|une) (?:photos?|videos?|nudes?)|chantage{GAP4} (?:photos?|videos?|nudes?)|' +
      '(?:photos?|videos?|nudes?){GAP6} chantage|(?:camera|cam|webcam|visio|facetime){GAP4} (?:quand|pendant que) (?:je|j) ' +
      '(?:me change|me douche|me deshabille|suis nue?|dors)|(?:me changer|me doucher|me deshabiller) (?:devant|en) (?:la |sa )?(?:camera|cam|webcam|visio)',
  },
  {
    id: 'sexual.assault',
    categories: ['sexual'],
    pattern:
      '{ME}(?: a| ont| avait)? (?:touche|caresse|pelote|tripote|mis la main sur|mis les mains sur)[a-z]*(?: {W})? (?:les|mes|ma|mon|la) ' +
      '(?:seins|fesses|sexe|cuisses?|poitrine|parties|entrejambe)|(?:force|oblige|forcee|obligee)[a-z]* a (?:coucher|le sucer|la sucer|' +
      'faire l amour|le toucher|la toucher|me deshabiller|l embrasser)|mis (?:la|les) mains? (?:aux|sur les|sur mes|sur ses) (?:fesses|seins|cuisses)|' +
      '(?:cameras?|telephone)(?: {W}){0,3} dans (?:les )?(?:toilettes|vestiaires|douches?|cabines?)|{JE} {ME}(?: suis)? (?:fais|fait|faite) (?:violer|violee?|agresser sexuellement|' +
      'agressee sexuellement|tripoter|peloter)|{ME}(?: a| ont)? (?:viole|violee|agresse sexuellement|agressee sexuellement)',
  },
  {
    id: 'sexual.exhibition',
    categories: ['sexual'],
    pattern:
      '{ME}(?: a| ont)? montre (?:son|sa) (?:sexe|bite|zizi|penis|queue)|se (?:touche|branle|masturbe) devant|' +
      '(?:envoye|envoie|envoient|envoyer|montre|montrent|balance)[a-z]*(?: {W}){0,2} (?:sa|son|une|des) (?:queue|bite|zizi|penis|teub)',
  },
  // Seeing people naked, outside an art lesson (benign.nudes_in_art and school context keep paintings apart).
  {
    id: 'sexual.see_naked',
    categories: ['sexual'],
    tier: 'contextual',
    pattern:
      '(?:voir|regarder|mater|montre moi|trouver)(?: {W}){0,2} (?:(?:une|des|les|la|un|de|d) )?(?:femmes?|filles?|meufs?|hommes?|mecs?|gars|gens|actrices?|chanteuses?|nanas?) ' +
      '(?:toutes? )?(?:nue?s?|a poil)',
  },
  // Sextortion told by the pupil: "if I don't send more, he posts them".
  {
    id: 'sexual.sextortion_condition',
    categories: ['sexual'],
    pattern:
      'si (?:je|j|tu|t) (?:lui |leur )?(?:n )?(?:envoie|envoies|envoyais|envoye|montre|montres)(?: pas| plus)?(?: {W}){0,2} (?:photos?|videos?|nudes?)(?: {W}){0,4} (?:il|elle|ils|elles|on) (?:les |la |le )?' +
      '(?:met|mettra|publie|publiera|poste|postera|envoie|enverra|montre|montrera|balance|balancera|diffuse|diffusera|partage|partagera)',
  },
  {
    id: 'sexual.describe_body',
    categories: ['sexual'],
    tier: 'contextual',
    pattern:
      '(?:decris|decrire|dessine|dessiner|montre|montrer|genere|generer|voir|regarder)(?: moi| nous)?(?: {W}){0,3} (?:des |les |tes |ses )?' +
      '(?:seins|fesses|nichons|bites?|parties intimes)|(?:decris|montre|envoie)(?: moi)? (?:ton|ta|tes|votre) (?:corps|physique)',
  },
  {
    id: 'sexual.sex_words',
    categories: ['sexual'],
    tier: 'contextual',
    pattern: '(?:fait|faire|fais|aimes?|adores?|parle(?: moi)? de|envie de|veux du|on fait du) (?:le |du )?sexe|fantasmes?|a poil(?! (?:ras|long|court|dur))',
  },
  { id: 'sexual.masturbation', categories: ['sexual'], pattern: '(?:me|te|se) (?:masturb|branl)[a-z]*' },
  { id: 'sexual.genitals', categories: ['sexual'], pattern: '(?:sa|ta|ma|une|la|des|grosse|petite) (?:bite|teub|zob|nichons|nibards)' },
  {
    id: 'sexual.filmed',
    categories: ['sexual'],
    pattern:
      '(?:filme|filmait|filmer|filment|enregistre|photographie)[a-z]*{GAP4} (?:quand on (?:couchait|baisait|le faisait)|nue?s?|a poil|' +
      'en train de (?:me changer|se changer|coucher))',
  },
  {
    id: 'sexual.sextortion',
    categories: ['sexual'],
    pattern:
      '(?:menace|menacent|va|vont|veut) (?:de )?(?:publier|diffuser|envoyer|montrer|partager|balancer|poster){GAP2} (?:mes|tes|ses|la|les|une|des) ' +
      '(?:nudes|photos|videos|video|photo)(?: {W}){0,3} (?:si|sauf)',
  },
  // Words of sex education too: flagged outside homework, a second opinion inside.
  {
    id: 'sexual.intimate_words',
    categories: ['sexual'],
    tier: 'contextual',
    pattern: 'faire l amour|virginite|depuceler|depucelage|jouir|orgasmes?|sexy|ejacul[a-z]*|bander|sodomi[a-z]*|fellations?|cunnilingus|preliminaires',
  },
  { id: 'sexual.aroused', categories: ['sexual'], tier: 'weak', pattern: '{JE} suis{ADV} (?:excite|excitee|en chaleur|chaud|chaude)(?! (?:pour|de|d|a|par)(?![a-z]))' },
  { id: 'sexual.dirty_talk', categories: ['sexual'], tier: 'weak', pattern: 'parle moi (?:mal|sale|salement|crument)|dis moi des (?:trucs|choses|mots) (?:sales|cochons|coquins)|parle moi comme (?:si t etais )?(?:ma|mon) (?:copine|meuf|petite amie|femme|copain|mec)' },
  { id: 'sexual.grown_up_things', categories: ['sexual'], tier: 'weak', pattern: '(?:trucs|choses) de (?:grands|grandes|adultes)' },
  { id: 'sexual.things_together', categories: ['sexual'], tier: 'weak', pattern: '(?:faire|fait|fais) des (?:trucs|choses) avec (?:moi|toi|ma copine|mon copain|ma meuf|mon mec|lui|elle)' },
  { id: 'sexual.in_bed', categories: ['sexual'], tier: 'weak', pattern: 'au lit(?! (?:malade|avec (?:la|de la) fievre|a [0-9]))|la prochaine fois (?:qu on|que on) le fait' },
  // Grooming: each cue alone is ordinary; together they are the pattern to catch.
  { id: 'sexual.older_person', categories: ['sexual'], tier: 'weak', pattern: '(?:homme|mec|gars|type|adulte|monsieur|vieux|inconnue?|meuf|femme)(?: {W})? de [0-9]{2} ?ans' },
  {
    id: 'sexual.secrecy',
    categories: ['sexual'],
    tier: 'weak',
    pattern:
      '(?:notre|un|son) secret|en secret|secretes?|en cachette|(?:pas|rien) (?:le |en )?dire a (?:personne|mes parents|tes parents|ta mere|ton pere)|' +
      '(?:demande|dit) de (?:pas|rien|ne pas|ne rien) (?:le |en )?(?:dire|parler|prevenir)|garder (?:le|ca|ces|nos|notre)(?: {W}){0,2} secrets?|sans (?:le )?dire a (?:mes|tes) parents',
  },
  {
    id: 'sexual.wants_to_meet',
    categories: ['sexual'],
    tier: 'weak',
    pattern: '(?:veut|voudrait|propose|propose de|demande|veux)(?: a)? (?:me|te|qu on se|de me|de se|qu on|de) (?:rencontrer|voir|retrouver|voie|voit|revoir)',
  },
  {
    id: 'sexual.asks_for_pictures',
    categories: ['sexual'],
    tier: 'weak',
    pattern:
      '{ME}(?: a| ont)? (?:demande|demandent|reclame|reclament|veut|veulent) (?:des |une |mes |encore des |d autres )?(?:photos?|videos?|snaps?|selfies?)|' +
      '(?:argent|euros?|[0-9]+ ?e|cadeaux?|recharges?|v ?bucks|robux){GAP2} (?:pour|contre) (?:une |des )?(?:photos?|videos?|snaps?)|' +
      '(?:si|contre|pour que) (?:je|j|tu|t) (?:lui |leur |me |m )?(?:envoie|envoies|envoyais|montre|montres) (?:des|une|tes|mes|d autres) (?:photos?|videos?|nudes?)',
  },
  {
    id: 'sexual.gifts',
    categories: ['sexual'],
    tier: 'weak',
    pattern: '(?:propose|offre|donne|envoie|achete)[a-z]*(?: {W}){0,2} (?:de l argent|des cadeaux|cadeaux|recharges?|v ?bucks|robux|skins?|des euros)',
  },
  { id: 'sexual.flirting_adult', categories: ['sexual'], tier: 'weak', pattern: '{ME} (?:drague|dragues|draguait|chauffe)' },
  { id: 'sexual.adult_age', categories: ['sexual'], tier: 'weak', pattern: '(?:quand on en a|j en ai|moi j ai|il a|elle a|lui a|et lui|et elle) (?:1[89]|[2-9][0-9])(?: ans)?' },
  // Third round (2026-11-22): a partner's age ("mon copain a 22 ans") and pressure to have sex ("il veut qu'on le fasse"),
  // each ordinary alone, add up with the pupil's own age or with each other.
  { id: 'sexual.partner_age', categories: ['sexual'], tier: 'weak', pattern: '(?:copain|copine|mec|meuf|keum|gars|type|petit ami|petite amie|ami|amie|crush)(?: {W})? (?:a|qui a|il a|elle a|de) (?:1[89]|[2-9][0-9]) ans' },
  {
    id: 'sexual.pressure_to_do_it',
    categories: ['sexual'],
    tier: 'weak',
    pattern: '(?:veut|voudrait|insiste|force|pousse|presse|oblige)(?: {W}){0,2} (?:qu on le fasse|qu on couche|a le faire|de le faire|a coucher|pour le faire)|(?:pas prete?|trop jeune) pour (?:le faire|coucher)',
  },
  { id: 'sexual.child_age', categories: ['sexual'], tier: 'weak', pattern: '(?:fille|garcon|gamine?|petite?|enfant|mineure?) de (?:1[0-5]|[5-9]) ans|{JE} (?:ai|a) (?:1[0-5]|[5-9]) ans' },
  { id: 'sexual.unknown_adult', categories: ['sexual'], tier: 'weak', pattern: '(?:un|une) (?:adulte|homme|vieux|monsieur|inconnu|inconnue)' },
  { id: 'sexual.isolation', categories: ['sexual'], tier: 'weak', pattern: 'invite[a-z]* chez (?:lui|elle)|monte[rs]? dans sa voiture|(?:viens|venir|aller|va) chez (?:lui|moi) (?:seule?|tout seul|toute seule|sans)|suivre chez lui|qu on se voie seuls?' },
  { id: 'sexual.love_words', categories: ['sexual'], tier: 'weak', pattern: '(?:il|elle) {ME} (?:dit|ecrit) qu (?:il|elle) {ME} aime|sans mon (?:accord|consentement)|messages d amour' },
  { id: 'sexual.flattery', categories: ['sexual'], tier: 'weak', pattern: 'mature pour (?:mon|ton|son) age' },
  {
    id: 'sexual.topic',
    categories: ['sexual'],
    tier: 'nominal',
    pattern: 'sexe|erotique|erotisme|pornographi[a-z]*|viol|violer|violee?|pedophil[a-z]*|sextorsion|masturbation|seins|fesses',
  },
];
