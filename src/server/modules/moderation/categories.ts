// The six moderation categories of issue 5, in the order they are reported.
import { z } from 'zod';

export const CATEGORIES = ['self_harm', 'harassment', 'sexual', 'violence', 'hate', 'abuse'] as const;

/**
 * self_harm: suicidal ideation, self-injury, dangerous eating behaviour (also a friend's, reported by the pupil);
 * harassment: insults or bullying aimed at someone, or the pupil saying it is bullied;
 * sexual: sexual content, grooming, sextortion, not curriculum sex education;
 * violence: threats, intent to hurt, weapons at school;
 * hate: racist, antisemitic, homophobic, sexist attacks;
 * abuse: the pupil disclosing violence or abuse by an adult.
 */
export type Category = (typeof CATEGORIES)[number];

export const categorySchema = z.enum(CATEGORIES);

/** Categories in the canonical order, without duplicates. */
export function sortCategories(categories: Iterable<Category>): Category[] {
  const present = new Set(categories);
  return CATEGORIES.filter((c) => present.has(c));
}
