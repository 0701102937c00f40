// What instructors may send when they write a course: the same schemas serve the forms, the JSON
// API and the OpenAPI document. Form fields arrive as strings, so numbers are coerced and
// checkboxes read as booleans.
import { z } from 'zod';
import { supportedLanguages } from '../../server/config';
import { levelKeys, topicKeys } from '../catalog/topics';

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(min, min > 1 ? `The ${label} needs at least ${min} characters.` : `Enter the ${label}.`)
    .max(max, `The ${label} can be at most ${max} characters.`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} can be at most ${max} characters.`)
    .optional()
    .default('');

/** An HTML checkbox is "on" when ticked and absent otherwise; JSON clients send booleans. */
const checkbox = z.preprocess(
  (value) => value === true || value === 'on' || value === 'true',
  z.boolean(),
);

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `The ${label} must be a number.` })
    .int(`The ${label} must be a whole number.`)
    .min(min, `The ${label} must be at least ${min}.`)
    .max(max, `The ${label} must be at most ${max}.`);

const httpsUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https$/, error: `The ${label} must be an https:// address.` }));

const asArray = (value: unknown) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

export const slugField = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lower-case letters, digits and hyphens, like ipv6-fundamentals.',
  )
  .max(80, 'The address can be at most 80 characters.');

export const courseDetailsInput = z.object({
  title: text('title', 160, 3),
  summary: text('summary', 300, 10),
  description: text('description', 20000, 10),
  language: z.enum(supportedLanguages, { error: 'Choose English, Español or Português.' }),
  hours: z.coerce
    .number({ error: 'The hours must be a number.' })
    .min(0.5, 'A course takes at least half an hour.')
    .max(500, 'A course takes at most 500 hours.'),
  topics: z.preprocess(asArray, z.array(z.enum(topicKeys, { error: 'Unknown topic.' })).max(8)),
});
export type CourseDetailsInput = z.infer<typeof courseDetailsInput>;

export const createCourseInput = courseDetailsInput.extend({
  /** Optional: made from the title when left out. */
  slug: z.preprocess((value) => (value === '' ? undefined : value), slugField.optional()),
});
export type CreateCourseInput = z.infer<typeof createCourseInput>;

const moduleBase = {
  title: text('module title', 160),
  required: checkbox.optional().default(true),
  minutes: wholeNumber('duration in minutes', 0, 1000).optional().default(15),
};

export const questionInput = z
  .object({
    kind: z.enum(['single', 'multiple', 'short'], {
      error: 'Choose single choice, multiple choice or short answer.',
    }),
    prompt: text('question', 2000),
    options: z
      .array(
        z.object({
          text: text('option', 500),
          correct: checkbox.optional().default(false),
        }),
      )
      .max(10, 'A question has at most 10 options.')
      .default([]),
    acceptedAnswers: z.array(text('accepted answer', 200)).max(10).default([]),
  })
  .superRefine((question, context) => {
    const correct = question.options.filter((option) => option.correct).length;
    if (question.kind === 'short') {
      if (!question.acceptedAnswers.length)
        context.addIssue({
          code: 'custom',
          path: ['acceptedAnswers'],
          message: 'Give at least one accepted answer.',
        });
      return;
    }
    if (question.options.length < 2)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Give at least two options.',
      });
    else if (question.kind === 'single' && correct !== 1)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Mark exactly one option as correct.',
      });
    else if (question.kind === 'multiple' && correct < 1)
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Mark at least one option as correct.',
      });
  });
export type QuestionInput = z.infer<typeof questionInput>;

/**
 * The question form: options one per line, correct ones starting with "*"; accepted short answers
 * one per line. Turned into the JSON shape before validation.
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
  return {
    kind: form.kind,
    prompt: form.prompt,
    options: lines(form.optionsText).map((line) => ({
      text: line.replace(/^\*\s*/, ''),
      correct: line.startsWith('*'),
    })),
    acceptedAnswers: lines(form.acceptedAnswersText),
  };
}, questionInput);

const lessonModule = z.object({
  kind: z.literal('lesson'),
  ...moduleBase,
  markdown: z.string().max(50000, 'A lesson can be at most 50,000 characters.').default(''),
});

const videoModule = z.object({
  kind: z.literal('video'),
  ...moduleBase,
  url: httpsUrl('video link'),
  transcript: optionalText('transcript', 50000),
});

const quizModule = z.object({
  kind: z.literal('quiz'),
  ...moduleBase,
  passScore: wholeNumber('pass score', 0, 100).optional().default(70),
  maxAttempts: wholeNumber('attempts limit', 0, 50).optional().default(3),
  shuffle: checkbox.optional().default(true),
  /** JSON clients may send the whole quiz; the pages add questions one by one. */
  questions: z.array(questionInput).max(100).optional(),
});

const liveSessionModule = z.object({
  kind: z.literal('live_session'),
  ...moduleBase,
  startsAt: z.coerce.date({ error: 'Enter the date and time the session starts.' }),
  durationMinutes: wholeNumber('session length in minutes', 5, 600),
  joinUrl: z.preprocess(
    (value) => (value === '' ? undefined : value),
    httpsUrl('join link').optional(),
  ),
  meetingId: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^[\w=+/.-]{1,120}$/, 'Use the meeting or session id as the events system shows it.')
      .optional(),
  ),
  meetingKind: z.enum(['meeting', 'webinar', 'checkin_list']).optional().default('meeting'),
  attendanceThreshold: wholeNumber('attendance threshold', 1, 100).optional().default(75),
});

const fileModule = z.object({
  kind: z.literal('file'),
  ...moduleBase,
  description: optionalText('description', 2000),
});

export const moduleInput = z.discriminatedUnion(
  'kind',
  [lessonModule, videoModule, quizModule, liveSessionModule, fileModule],
  { error: 'Choose a module kind: lesson, video, quiz, live_session or file.' },
);
export type ModuleInput = z.infer<typeof moduleInput>;

export const moveModuleInput = z.object({
  /** The module's new place, from 0. */
  position: wholeNumber('position', 0, 500),
});

export const placementInput = z.object({
  /** Empty: the course stands alone. */
  specialization: z.preprocess((value) => (value === '' ? undefined : value), slugField.optional()),
  level: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(levelKeys, { error: 'Choose basic, intermediate or advanced.' }).optional(),
  ),
});
export type PlacementInput = z.infer<typeof placementInput>;

export const enrollmentPolicyInput = z.object({
  policy: z.enum(['open', 'restricted'], { error: 'Choose open or restricted.' }),
});

/** An instructor's attendance mark for one student at a live session. */
export const attendanceOverrideInput = z.object({
  present: z.preprocess(
    (value) => value === true || value === 'true' || value === 'on',
    z.boolean(),
  ),
  note: z.string().trim().max(500, 'The note can be at most 500 characters.').default(''),
});
