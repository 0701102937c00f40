import { Schema, model, Types, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { perLanguageSchema, supportedLanguages, translationsSchema } from '../../i18n';
import { topicKeys } from './topics';

export const moduleKinds = ['lesson', 'video', 'quiz', 'live_session', 'file'] as const;
export type ModuleKind = (typeof moduleKinds)[number];
export const questionKinds = ['single', 'multiple', 'short'] as const;
/**
 * What a student learns of each question after an attempt: `answers-at-end` (right or wrong and
 * the correct answers, once passed or out of attempts: they can no longer help a guess),
 * `per-question` (right or wrong after every attempt, the answers as before), `score-only`.
 */
export const quizFeedbacks = ['answers-at-end', 'per-question', 'score-only'] as const;

const lessonSchema = new Schema(
  {
    markdown: { type: String, default: '' },
    /** Rendered and sanitized when saved (courses/authoring/markdown.ts); shown as is. */
    html: { type: String, default: '' },
  },
  { _id: false },
);

const videoSchema = new Schema(
  {
    url: { type: String, required: true },
    /** A privacy-friendly player URL for YouTube and Vimeo links; others are shown as a link. */
    embedUrl: { type: String },
    transcript: { type: String, default: '' },
  },
  { _id: false },
);

/**
 * A question in another language. Options go by position (the original's order, which is also
 * where their correctness lives); a blank one shows the original's. Accepted short answers written
 * here count in every language: a student may answer in the words of the text they read.
 */
const questionTranslationSchema = new Schema(
  {
    prompt: { type: String },
    options: { type: [String], default: undefined },
    acceptedAnswers: { type: [String], default: undefined },
  },
  { _id: false },
);

const questionSchema = new Schema({
  kind: { type: String, enum: questionKinds, required: true },
  prompt: { type: String, required: true },
  options: [{ text: { type: String, required: true }, correct: { type: Boolean, default: false } }],
  /** Short answers: accepted answers, compared trimmed, case- and space-insensitively. */
  acceptedAnswers: { type: [String], default: [] },
  translations: { type: perLanguageSchema(questionTranslationSchema) },
});

const quizSchema = new Schema(
  {
    /** Percent of questions answered right needed to pass. */
    passScore: { type: Number, min: 0, max: 100, default: 70 },
    /** 0 means unlimited. */
    maxAttempts: { type: Number, min: 0, default: 3 },
    shuffle: { type: Boolean, default: true },
    feedback: { type: String, enum: quizFeedbacks, default: 'answers-at-end' },
    questions: { type: [questionSchema], default: [] },
  },
  { _id: false },
);

const liveSessionSchema = new Schema(
  {
    startsAt: { type: Date, required: true },
    durationMinutes: { type: Number, required: true, min: 1 },
    joinUrl: { type: String },
    /** The events/webinar system's session or meeting id (attendance sync matches on it). */
    meetingId: { type: String },
    /** Where attendance comes from: a Zoom meeting or webinar, or the events system's check-in list. */
    meetingKind: { type: String, enum: ['meeting', 'webinar', 'checkin_list'], default: 'meeting' },
    /** Share of the scheduled length a student must attend, in percent. */
    attendanceThreshold: { type: Number, min: 1, max: 100, default: 75 },
  },
  { _id: false },
);

const fileSchema = new Schema(
  {
    /** GridFS file id (bucket `moduleFiles`); absent until the instructor uploads one. */
    fileId: { type: Types.ObjectId },
    filename: { type: String },
    contentType: { type: String },
    size: { type: Number },
    description: { type: String, default: '' },
  },
  { _id: false },
);

/**
 * A module keeps its _id across drafts and versions: progress is stored against it, so a student's
 * work survives a republish, and a module removed from the course simply stops counting.
 */
const moduleSchema = new Schema({
  kind: { type: String, enum: moduleKinds, required: true },
  title: { type: String, required: true },
  /** Optional modules never hold back a completion. */
  required: { type: Boolean, default: true },
  minutes: { type: Number, required: true, min: 0 },
  /** The title and a lesson's text in other languages than the course's (html made on save). */
  translations: { type: translationsSchema(['title', 'markdown', 'html']) },
  lesson: { type: lessonSchema },
  video: { type: videoSchema },
  quiz: { type: quizSchema },
  liveSession: { type: liveSessionSchema },
  file: { type: fileSchema },
});

/** An uploaded picture in its two sizes (GridFS `courseImages`); absent: the topic's drawing. */
const courseImageSchema = new Schema(
  { card: { type: Types.ObjectId }, wide: { type: Types.ObjectId } },
  { _id: false },
);

/** What an instructor edits as a draft and publishes as a version. */
export const courseContentFields = {
  title: { type: String, required: true },
  summary: { type: String, required: true },
  description: { type: String, required: true },
  /** The course's own language: the texts above are written in it. */
  language: { type: String, enum: supportedLanguages, required: true },
  /** The title, summary and description in the other languages, for readers of those. */
  translations: { type: translationsSchema(['title', 'summary', 'description']) },
  hours: { type: Number, required: true, min: 0 },
  topics: { type: [String], enum: topicKeys, default: [] },
  image: { type: courseImageSchema },
  modules: { type: [moduleSchema], default: [] },
};
export const courseContentSchema = new Schema(courseContentFields, { _id: false });

const courseSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    /** draft: never published, invisible to students; published: in the catalog. */
    status: { type: String, enum: ['draft', 'published'], default: 'draft', index: true },
    instructors: [{ type: Types.ObjectId, ref: 'User' }],
    /** open: any student may enroll; restricted: only by an admin, a cohort, or an all-courses grant. */
    enrollmentPolicy: { type: String, enum: ['open', 'restricted'], default: 'open' },
    /**
     * Set when its staff archive a published course: it leaves the catalog and takes no new
     * students, while those enrolled keep the course, their progress and their awards. Cleared
     * when it is restored. (Not a status: everything students already have keeps working.)
     */
    archivedAt: { type: Date },
    /** The published version number (0 until the first publish). */
    version: { type: Number, default: 0 },
    publishedAt: { type: Date },
    /** The instructors' working copy; publishing copies it to the fields below. */
    draft: { type: courseContentSchema, required: true },
    hasUnpublishedChanges: { type: Boolean, default: true },
    // The published content (what students and the catalog see).
    ...courseContentFields,
  },
  // Concurrent editors: a save based on a stale copy fails instead of silently undoing the other's work.
  { timestamps: true, optimisticConcurrency: true },
);
courseSchema.index({ status: 1, topics: 1 });
courseSchema.index({ status: 1, language: 1 });
courseSchema.index({ instructors: 1 });

export type Course = InferSchemaType<typeof courseSchema>;
export type CourseDocument = HydratedDocument<Course>;
/** A module as read with lean() or toObject(): plain data with its stable id. */
export type CourseModule = InferSchemaType<typeof moduleSchema> & { _id: Types.ObjectId };
export const CourseModel = model('Course', courseSchema);
