import { z } from 'zod';
import { supportedLanguages } from '../../server/config';
import { levelKeys, topicKeys } from './topics';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const courseFilterInput = z.object({
  topic: z.preprocess(emptyToUndefined, z.enum(topicKeys, { error: 'Unknown topic.' }).optional()),
  language: z.preprocess(
    emptyToUndefined,
    z.enum(supportedLanguages, { error: 'Language must be en, es or pt.' }).optional(),
  ),
});
export type CourseFilter = z.infer<typeof courseFilterInput>;

export const slugParam = z.string().regex(/^[a-z0-9-]{1,80}$/);
export const levelParam = z.enum(levelKeys);
