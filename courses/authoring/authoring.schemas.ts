// What instructors may send when they write a course: the same schemas serve the forms, the JSON
// API and the OpenAPI document. Form fields arrive as strings, so numbers are coerced and
// checkboxes read as booleans.
import { z } from 'zod';
import { languages, supportedLanguages } from '../../i18n';
import { translationsInput } from '../../platform/validation';
import { quizFeedbacks } from '../catalog/course.model';
import { levelKeys, topicKeys } from '../catalog/topics';

// Messages are keys; the field's label sits beside the message on the page, so they need not
// name the field (and translate without agreeing with each label's gender).
const text = (max: number, min = 1) =>
  z
    .string({ error: 'errors:validation.required' })
    .trim()
    .min(min, min > 1 ? 'errors:validation.tooShort' : 'errors:validation.required')
    .max(max, 'errors:validation.tooLong');

const optionalText = (max: number) =>
  z.string().trim().max(max, 'errors:validation.tooLong').optional().default('');

/** An HTML checkbox is "on" when ticked and absent otherwise; JSON clients send booleans. */
const checkbox = z.preprocess(
  (value) => value === true || value === 'on' || value === 'true',
  z.boolean(),
);

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'errors:validation.number' })
    .int('errors:validation.wholeNumber')
    .min(min, 'errors:validation.numberTooSmall')
    .max(max, 'errors:validation.numberTooBig');

const httpsUrl = () =>
  z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https$/, error: 'errors:validation.httpsUrl' }));

const asArray = (value: unknown) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

export const slugField = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'authoring:validation.slug')
  .max(80, 'errors:validation.tooLong');

export const courseDetailsInput = z.object({
  title: text(160, 3),
  summary: text(300, 10),
  description: text(20000, 10),
  language: z.enum(supportedLanguages, { error: 'authoring:validation.language' }),
  hours: z.coerce
    .number({ error: 'errors:validation.number' })
    .min(0.5, 'authoring:validation.hoursMin')
    .max(500, 'authoring:validation.hoursMax'),
  topics: z.preprocess(
    asArray,
    z.array(z.enum(topicKeys, { error: 'authoring:validation.topic' })).max(8),
  ),
  translations: translationsInput({
    title: optionalText(160),
    summary: optionalText(300),
    description: optionalText(20000),
  }),
});
export type CourseDetailsInput = z.infer<typeof courseDetailsInput>;

export const createCourseInput = courseDetailsInput.extend({
  /** Optional: made from the title when left out. */
  slug: z.preprocess((value) => (value === '' ? undefined : value), slugField.optional()),
});
export type CreateCourseInput = z.infer<typeof createCourseInput>;

const moduleBase = {
  title: text(160),
  /** The title, and a lesson's text, in other languages than the course's. */
  translations: translationsInput({
    title: optionalText(160),
    markdown: optionalText(50000),
  }),
  required: checkbox.optional().default(true),
  minutes: wholeNumber(0, 1000).optional().default(15),
};

export const questionInput = z
  .object({
    kind: z.enum(['single', 'multiple', 'short'], {
      error: 'authoring:validation.questionKind',
    }),
    prompt: text(2000),
    options: z
      .array(
        z.object({
          text: text(500),
          correct: checkbox.optional().default(false),
        }),
      )
      .max(10, 'authoring:validation.tooManyOptions')
      .default([]),
    acceptedAnswers: z.array(text(200)).max(10).default([]),
    /**
     * The prompt, the options (by position; blank: the original's) and more accepted short
     * answers, in other languages than the course's.
     */
    translations: translationsInput({
      prompt: optionalText(2000),
      options: z
        .array(optionalText(500))
        .max(10, 'authoring:validation.tooManyOptions')
        .default([]),
      acceptedAnswers: z.array(text(200)).max(10).default([]),
    }).transform((translations) =>
      // Left out (a JSON client editing the original only): the stored ones stay. A language
      // left blank is not stored (forms send every language's fields).
      translations === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(translations).filter(
              ([, texts]) =>
                texts &&
                (texts.prompt || texts.options.some(Boolean) || texts.acceptedAnswers.length),
            ),
          ),
    ),
  })
  .superRefine((question, context) => {
    for (const [language, translation] of Object.entries(question.translations ?? {}))
      if (translation && translation.options.length > question.options.length)
        context.addIssue({
          code: 'custom',
          path: ['translations', language, 'options'],
          message: 'authoring:validation.translatedOptionWithoutOriginal',
        });
    const correct = question.options.filter((option) => option.correct).length;
    if (question.kind === 'short') {
      if (!question.acceptedAnswers.length)
        context.addIssue({
          code: 'custom',
          path: ['acceptedAnswers'],
          message: 'authoring:validation.acceptedAnswer',
        });
      return;
    }
    if (question.options.length < 2)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'authoring:validation.twoOptions',
      });
    else if (question.kind === 'single' && correct !== 1)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'authoring:validation.exactlyOneCorrect',
      });
    else if (question.kind === 'multiple' && correct < 1)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'authoring:validation.oneCorrect',
      });
  });
export type QuestionInput = z.infer<typeof questionInput>;

/**
 * The question form: one row per option (its text, and a tick when it is a correct answer; blank
 * rows are left out), or, from older forms, options one per line with "*" before the correct
 * ones; accepted short answers one per line. Turned into the JSON shape before validation.
 */
export const questionFormInput = z.preprocess((raw) => {
  const form = (raw ?? {}) as Record<string, unknown>;
  const lines = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
      : [];
  const rows = ([] as unknown[]).concat(form.optionText ?? []);
  const ticked = new Set(([] as unknown[]).concat(form.correctOption ?? []).map(String));
  const written = rows.flatMap((text, index) =>
    typeof text === 'string' && text.trim() ? [index] : [],
  );
  const options =
    form.optionText !== undefined
      ? written.map((index) => ({
          text: (rows[index] as string).trim(),
          correct: ticked.has(String(index)),
        }))
      : lines(form.optionsText).map((line) => ({
          text: line.replace(/^\*\s*/, ''),
          correct: line.startsWith('*'),
        }));
  // A translated option sits in its original's row: it follows that row, blank rows left out.
  // One written in a row whose original is blank is kept at the end, where validation names it.
  const translatedRows = (language: string) => {
    const translated = ([] as unknown[]).concat(form[`translations.${language}.optionText`] ?? []);
    const orphans = translated.filter(
      (text, index) => typeof text === 'string' && text.trim() && !written.includes(index),
    );
    return [...written.map((index) => translated[index] ?? ''), ...orphans];
  };
  const translations = Object.fromEntries(
    languages.map((language) => [
      language,
      {
        prompt: form[`translations.${language}.prompt`],
        options: translatedRows(language),
        acceptedAnswers: lines(form[`translations.${language}.acceptedAnswersText`]),
      },
    ]),
  );
  return {
    kind: form.kind,
    prompt: form.prompt,
    options,
    acceptedAnswers: lines(form.acceptedAnswersText),
    translations,
  };
}, questionInput);

const lessonModule = z.object({
  kind: z.literal('lesson'),
  ...moduleBase,
  markdown: z.string().max(50000, 'errors:validation.tooLong').default(''),
});

const videoModule = z.object({
  kind: z.literal('video'),
  ...moduleBase,
  url: httpsUrl(),
  transcript: optionalText(50000),
});

const quizModule = z.object({
  kind: z.literal('quiz'),
  ...moduleBase,
  passScore: wholeNumber(0, 100).optional().default(70),
  maxAttempts: wholeNumber(0, 50).optional().default(3),
  shuffle: checkbox.optional().default(true),
  /** What a student learns of each question after an attempt (see quizFeedbacks). */
  feedback: z.enum(quizFeedbacks, { error: 'authoring:validation.feedback' }).optional(),
  /** JSON clients may send the whole quiz; the pages add questions one by one. */
  questions: z.array(questionInput).max(100).optional(),
});

const liveSessionModule = z.object({
  kind: z.literal('live_session'),
  ...moduleBase,
  startsAt: z.preprocess(
    // The form's datetime-local value has no zone and is labelled UTC: read it as UTC, not in
    // the server's time zone (which moved the session by the offset on every unchanged save).
    (value) =>
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(value)
        ? `${value}Z`
        : value,
    z.coerce.date({ error: 'authoring:validation.startsAt' }),
  ),
  durationMinutes: wholeNumber(5, 600),
  joinUrl: z.preprocess((value) => (value === '' ? undefined : value), httpsUrl().optional()),
  meetingId: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^[\w=+/.-]{1,120}$/, 'authoring:validation.meetingId')
      .optional(),
  ),
  /** Absent on an update: the stored kind stays (a client that omits it must not turn a webinar
   *  into a meeting, whose report Zoom never produces for it). */
  meetingKind: z
    .enum(['meeting', 'webinar', 'checkin_list'], { error: 'authoring:validation.meetingKind' })
    .optional(),
  attendanceThreshold: wholeNumber(1, 100).optional().default(75),
});

const fileModule = z.object({
  kind: z.literal('file'),
  ...moduleBase,
  description: optionalText(2000),
});

export const moduleInput = z.discriminatedUnion(
  'kind',
  [lessonModule, videoModule, quizModule, liveSessionModule, fileModule],
  { error: 'authoring:validation.moduleKind' },
);
export type ModuleInput = z.infer<typeof moduleInput>;

export const moveModuleInput = z.object({
  /** The module's new place, from 0. */
  position: wholeNumber(0, 500),
});

export const placementInput = z.object({
  /** Empty: the course stands alone. */
  specialization: z.preprocess((value) => (value === '' ? undefined : value), slugField.optional()),
  level: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(levelKeys, { error: 'authoring:validation.level' }).optional(),
  ),
});
export type PlacementInput = z.infer<typeof placementInput>;

export const enrollmentPolicyInput = z.object({
  policy: z.enum(['open', 'restricted'], { error: 'authoring:validation.policy' }),
});

/** An instructor's attendance mark for one student at a live session. */
export const attendanceOverrideInput = z.object({
  present: z.preprocess(
    (value) => value === true || value === 'true' || value === 'on',
    z.boolean(),
  ),
  note: z.string().trim().max(500, 'errors:validation.tooLong').default(''),
});

/** A specialization's texts, in the campus's own language (English) with their translations. */
export const specializationTextsInput = z.object({
  title: text(160, 3),
  summary: text(300, 10),
  description: text(20000, 10),
  translations: translationsInput({
    title: optionalText(160),
    summary: optionalText(300),
    description: optionalText(20000),
  }),
});
export type SpecializationTextsInput = z.infer<typeof specializationTextsInput>;

export const createSpecializationInput = specializationTextsInput.extend({ slug: slugField });
export type CreateSpecializationInput = z.infer<typeof createSpecializationInput>;

/**
 * A level's summary. Its name is the level's own (Basic, Intermediate, Advanced: translated by the
 * campus everywhere), and its badge has texts of its own, on the badges page.
 */
export const levelTextsInput = z.object({
  summary: text(300, 10),
  translations: translationsInput({ summary: optionalText(300) }),
});
export type LevelTextsInput = z.infer<typeof levelTextsInput>;
