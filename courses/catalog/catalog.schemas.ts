import { z } from 'zod';
import { notFound, type Findable } from '../../platform/errors';
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

export const slugParam = z.string().regex(/^[a-z0-9-]{1,80}$/);
export const levelParam = z.enum(levelKeys);

/** URL parameters: anything that is not a well-formed slug or level is simply not found. */
export function slugOrNotFound(value: unknown): string {
  const slug = slugParam.safeParse(value);
  if (!slug.success) throw notFound();
  return slug.data;
}

export function levelOrNotFound(value: unknown): LevelKey {
  const level = levelParam.safeParse(value);
  if (!level.success) throw notFound('level');
  return level.data;
}

/** Ids in URLs: anything malformed is simply not found. */
export function idOrNotFound(value: unknown, what: Findable = 'module'): string {
  if (typeof value !== 'string' || !/^[a-f0-9]{24}$/.test(value)) throw notFound(what);
  return value;
}
