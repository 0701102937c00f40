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
