// A small SentencePiece-style vocabulary (llama.cpp "llama" tokenizer) for the tiny test model:
// special tokens, the 256 byte-fallback tokens, single characters and common French/English pieces,
// so that any text tokenizes and generated text decodes into word-like output.

import { TokenKind } from '../gguf-format.ts';

/** SentencePiece marks a word start (a space) with U+2581. */
const WORD_START = '\u2581';

export const SPECIAL_TOKENS = {
  unknown: '<unk>',
  bos: '<s>',
  eos: '</s>',
  imStart: '<|im_start|>',
  imEnd: '<|im_end|>',
} as const;

export interface Vocabulary {
  tokens: string[];
  scores: number[];
  kinds: number[];
  unknownId: number;
  bosId: number;
  eosId: number;
}

const WORDS = `
le la les l de des du d un une et est en que qu qui dans pour pas sur au aux avec il elle ils elles on nous vous je tu
ce cette ces son sa ses leur mais ou donc car ne plus très bien aussi comme tout tous faire fait être avoir peut peux
exercice réponse question calcul nombre fraction équation résultat phrase verbe texte leçon devoir cours professeur
élève classe mathématiques histoire géographie français anglais sciences physique chimie pourquoi comment quand quoi
oui non merci bonjour essaie réfléchis étape ensuite alors voici regarde trouve cherche explique
the a an of to and is in that it for you with on as are this be was have not or but what can do your help
let think step first then answer why how when yes no thanks
Le La Les Il Elle Je Tu Nous Vous On Ce Pour Dans Bonjour Oui Non Merci The It You What How Why Yes No
`;
const SUFFIXES = ['ment', 'tion', 'ons', 'ez', 'ent', 'er', 'ait', 'ais', 'é', 'ée', 'és', 'ing', 'ed', 'es', 's', 'x'];
const CHARACTERS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' +
  '.,;:!?\'"()-+=*/%<>[]{}_#&@' +
  'éèêëàâäîïôöùûüçœæÉÈÊÀÂÎÔÇ«»’…€°²' +
  WORD_START;

/**
 * Builds the vocabulary; `extraPieces` (e.g. "▁photosynthèse") are added after the built-in ones.
 * Every prefix of a piece is also a piece: llama.cpp's SentencePiece tokenizer only merges two adjacent
 * pieces when their concatenation is in the vocabulary, so a long piece is reachable only through its prefixes.
 */
export function buildVocabulary(extraPieces: readonly string[] = []): Vocabulary {
  const tokens: string[] = [];
  const scores: number[] = [];
  const kinds: number[] = [];
  const seen = new Set<string>();
  const add = (token: string, score: number, kind: number): void => {
    if (seen.has(token)) return;
    seen.add(token);
    tokens.push(token);
    scores.push(score);
    kinds.push(kind);
  };

  add(SPECIAL_TOKENS.unknown, 0, TokenKind.UNKNOWN);
  add(SPECIAL_TOKENS.bos, 0, TokenKind.CONTROL);
  add(SPECIAL_TOKENS.eos, 0, TokenKind.CONTROL);
  add(SPECIAL_TOKENS.imStart, 0, TokenKind.CONTROL);
  add(SPECIAL_TOKENS.imEnd, 0, TokenKind.CONTROL);
  for (let byte = 0; byte < 256; byte++) {
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, 0, TokenKind.BYTE);
  }

  // Scores rank merges (higher merges first), as the log-probabilities of a trained SentencePiece model do.
  const pieces = [
    ...WORDS.split(/\s+/).filter(Boolean).map((word) => WORD_START + word),
    ...SUFFIXES,
    ...extraPieces,
  ];
  let rank = 0;
  for (const piece of pieces) {
    const chars = [...piece];
    for (let length = 2; length <= chars.length; length++) {
      add(chars.slice(0, length).join(''), -rank++, TokenKind.NORMAL);
    }
  }
  // Single characters come last with the lowest scores, as in SentencePiece vocabularies.
  for (const char of CHARACTERS) add(char, -rank++, TokenKind.NORMAL);
  for (const piece of extraPieces) for (const char of piece) add(char, -rank++, TokenKind.NORMAL);

  return { tokens, scores, kinds, unknownId: 0, bosId: 1, eosId: 2 };
}
