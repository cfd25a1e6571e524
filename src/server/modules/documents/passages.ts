// Splits a document's paragraphs into passages the tutor can quote and the pupil can find again by number.
//
// A passage is one or more whole paragraphs (short ones are grouped up to TARGET characters, so a heading
// stays with the text under it); a paragraph longer than MAX is cut between sentences, and a sentence
// longer than MAX between words. No overlap between passages: each one is cited by its number, and two
// neighbouring passages retrieved together would otherwise put the same sentences twice in the prompt.

export const PASSAGE_TARGET_CHARS = 600;
export const PASSAGE_MAX_CHARS = 1000;

function cutLongSentence(sentence: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > max / 2 ? space : max;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** A paragraph as pieces of at most `max` characters, cut at sentence ends where possible. */
function splitParagraph(paragraph: string, max: number): string[] {
  if (paragraph.length <= max) return [paragraph];
  const sentences = paragraph.split(/(?<=[.!?…;:])\s+/).flatMap((sentence) => cutLongSentence(sentence, max));
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current.length > 0 && current.length + 1 + sentence.length > max) {
      pieces.push(current);
      current = sentence;
    } else {
      current = current.length > 0 ? `${current} ${sentence}` : sentence;
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

export function splitIntoPassages(paragraphs: readonly string[], target = PASSAGE_TARGET_CHARS, max = PASSAGE_MAX_CHARS): string[] {
  const passages: string[] = [];
  let current = '';
  for (const paragraph of paragraphs) {
    for (const piece of splitParagraph(paragraph, max)) {
      if (current.length > 0 && current.length + 1 + piece.length > target) {
        passages.push(current);
        current = piece;
      } else {
        current = current.length > 0 ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current.length > 0) passages.push(current);
  return passages;
}
