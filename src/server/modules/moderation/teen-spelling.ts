// The spelling habits of French teenagers that the folding step undoes: SMS abbreviations, leetspeak digits
// and symbols, and the few emoji that stand for a word. Keys are written as they look after accent folding
// and punctuation removal (so "j'veux" arrives here as the two tokens "j" and "veux").

/** Whole-token abbreviations → the plain French the lexicon is written in. */
export const SMS_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // "je suis"
    chui: 'je suis', chuis: 'je suis', chu: 'je suis', jsui: 'je suis', jsuis: 'je suis', jui: 'je suis', sui: 'suis',
    // "je veux", "je vais", "je peux"
    jveu: 'je veux', jveux: 'je veux', jvx: 'je veux', veu: 'veux', vx: 'veux',
    jvais: 'je vais', jvai: 'je vais', jve: 'je vais', jvs: 'je vais', vai: 'vais', ve: 'vais',
    jpeu: 'je peux', jpeux: 'je peux', jpp: 'j en peux plus',
    // "je sais pas"
    jsp: 'je sais pas', chais: 'je sais', chepa: 'je sais pas', chaipa: 'je sais pas', jsaispas: 'je sais pas',
    // elided pronouns glued to the verb without apostrophe
    jme: 'je me', jte: 'je te', jle: 'je le', jla: 'je la', jlui: 'je lui', jvous: 'je vous', jmen: 'je m en',
    jten: 'je t en', jtai: 'je t ai', jtm: 'je t aime', jai: 'j ai', jen: 'j en', jy: 'j y', jaime: 'j aime',
    javais: 'j avais', jetais: 'j etais', jaurais: 'j aurais', jaurai: 'j aurai', g: 'j ai',
    // "j'" glued to a verb starting with a vowel or h ("jarrive avec …"): GLUED_J only splits before consonants.
    jarrive: 'j arrive', jarriverai: 'j arriverai', jattends: 'j attends', jattend: 'j attends', jamene: 'j amene',
    jamenerai: 'j amenerai', japporte: 'j apporte', japporterai: 'j apporterai', jirai: 'j irai', jallais: 'j allais',
    jaimerais: 'j aimerais', jespere: 'j espere', jessaie: 'j essaie', jessaye: 'j essaye', jecris: 'j ecris',
    jenvoie: 'j envoie', joublie: 'j oublie', javoue: 'j avoue', jhabite: 'j habite', jhesite: 'j hesite',
    jarrete: 'j arrete', jarrivais: 'j arrivais', jecrase: 'j ecrase', jexplose: 'j explose', jeclate: 'j eclate',
    jenfonce: 'j enfonce', jachete: 'j achete', jinsulte: 'j insulte', jattaque: 'j attaque',
    // everyday abbreviations
    tkt: 't inquiete', tqt: 't inquiete', pk: 'pourquoi', pq: 'pourquoi', pkoi: 'pourquoi', pourkoi: 'pourquoi',
    ke: 'que', ki: 'qui', koi: 'quoi', kan: 'quand', qd: 'quand', ds: 'dans', pr: 'pour', pa: 'pas', tro: 'trop',
    bcp: 'beaucoup', mm: 'meme', tjr: 'toujours', tjrs: 'toujours', tj: 'toujours', jms: 'jamais', mwa: 'moi',
    moa: 'moi', twa: 'toi', toa: 'toi', ya: 'il y a', pcq: 'parce que', pck: 'parce que', psk: 'parce que',
    paske: 'parce que', qqn: 'quelqu un', qqun: 'quelqu un', dla: 'de la', ptet: 'peut etre', vrmt: 'vraiment',
    mtn: 'maintenant', mnt: 'maintenant', tlm: 'tout le monde', tt: 'tout', tte: 'toute', ttes: 'toutes',
    sava: 'ca va', ojd: 'aujourd hui', auj: 'aujourd hui', dmain: 'demain',
    ns: 'nous', vs: 'vous', lair: 'l air', mourire: 'mourir', cmt: 'comment', msg: 'message', msgs: 'messages', mess: 'messages', komen: 'comment', avc: 'avec', prsn: 'personne', pers: 'personne',
  }),
);

/** Common misspellings of the words that matter most, as word starts: "suiside", "harseler", "pédofile". */
export const MISSPELT_STEMS: ReadonlyMap<string, string> = new Map(
  Object.entries({ suisid: 'suicid', suicd: 'suicid', sucid: 'suicid', suiscid: 'suicid', harsel: 'harcel', arcele: 'harcele', pedofil: 'pedophil' }),
);

/** Digits and symbols read as letters inside a word ("su1c1de", "m0urir", "s@lope"). */
export const LEET_LETTERS: ReadonlyMap<string, string> = new Map(
  Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e', '!': 'i', '|': 'i' }),
);

/** Emoji that pupils use in place of a word the lexicon knows (a knife in "je vais te 🔪"). */
export const EMOJI_WORDS: ReadonlyMap<string, string> = new Map([
  ['🔪', 'couteau'],
  ['🗡', 'couteau'],
  ['🔫', 'pistolet'],
]);
