import { z } from 'zod';
import { notFound } from '../../platform/errors';
import { supportedLanguages } from '../../i18n';
import { levelKeys, topicKeys, type LevelKey } from './topics';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const courseFilterInput = z.object({
  topic: z.preprocess(
    emptyToUndefined,
    z.enum(topicKeys, { error: 'catalog:errors.unknownTopic' }).optional(),
  ),
  language: z.preprocess(
    emptyToUndefined,
    z.enum(supportedLanguages, { error: 'catalog:errors.unknownLanguage' }).optional(),
  ),
});
export type CourseFilter = z.infer<typeof courseFilterInput>;

/** The catalog's search: words, filters and an order, all optional (blank means "any"). */
export const courseSearchInput = courseFilterInput.extend({
  q: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(100, 'catalog:errors.searchTooLong').optional(),
  ),
  level: z.preprocess(
    emptyToUndefined,
    z.enum([...levelKeys, 'standalone'], { error: 'catalog:errors.unknownLevel' }).optional(),
  ),
  format: z.preprocess(
    emptyToUndefined,
    z.enum(['self-paced', 'live'], { error: 'catalog:errors.unknownFormat' }).optional(),
  ),
  sort: z.preprocess(
    emptyToUndefined,
    z
      .enum(['relevance', 'title', 'shortest', 'newest'], { error: 'catalog:errors.unknownSort' })
      .optional(),
  ),
  /** Pages of the list (the first is 1); the JSON API lists every match. */
  page: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error: 'errors:validation.number' }).int().min(1).max(10_000).optional(),
  ),
});
export type CourseSearchInput = z.infer<typeof courseSearchInput>;

// Slugs and ids are read the same way by every component, so they live in platform; the
// catalog's routes keep importing them from here, beside the level.
export { slugParam, slugOrNotFound, idOrNotFound } from '../../platform/validation';
export const levelParam = z.enum(levelKeys);

/** URL parameters: anything that is not a well-formed level is simply not found. */
export function levelOrNotFound(value: unknown): LevelKey {
  const level = levelParam.safeParse(value);
  if (!level.success) throw notFound('level');
  return level.data;
}
