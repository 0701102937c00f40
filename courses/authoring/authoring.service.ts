// Instructors write courses: details and modules change a draft; publishing makes the next version.
import { Error as MongooseError, Types } from 'mongoose';
import { inReaderLanguage, languages, type Language } from '../../i18n';
import { recordAudit } from '../../platform/audit/audit.service';
import {
  conflict,
  forbidden,
  isDuplicateKeyError,
  notFound,
  validationFailed,
} from '../../platform/errors';
import type { JobQueues } from '../../platform/queue';
import {
  CourseModel,
  quizFeedbacks,
  type CourseDocument,
  type CourseModule,
} from '../catalog/course.model';
import { forgetCatalogListings } from '../catalog/catalog.service';
import { editableTranslations, type EditableTranslations } from './editable-translations';
import { listSpecializationOutlines } from './specialization-authoring.service';
import { courseImageUrls, type CourseImageUrls } from '../catalog/course-images';
import { CourseVersionModel } from '../catalog/course-version.model';
import { SpecializationModel } from '../catalog/specialization.model';
import type { LevelKey } from '../catalog/topics';
import { recomputeCourseCompletionsJob } from '../completion/recompute-course-completions.job';
import { recheckLevels } from '../completion/recompute-level-completions.job';
import type {
  CourseDetailsInput,
  CreateCourseInput,
  ModuleInput,
  PlacementInput,
  QuestionInput,
} from './authoring.schemas';
import { isAdmin, loadEditableCourse, type Actor } from './course-access';
import { assertPublishable, buildModuleFields } from './module-content';
import type { QuestionTranslation } from '../quizzes/question-language';

export interface AuthoringContext {
  jobs: JobQueues;
}

export interface AuthoredCourseSummary {
  slug: string;
  /** As written, in the course's own language (what the editor edits). */
  title: string;
  /** In the reader's language where translated; else the title as written. */
  titleInReaderLanguage: string;
  /** The course's own language. */
  language: string;
  status: 'draft' | 'published';
  archived: boolean;
  version: number;
  hasUnpublishedChanges: boolean;
  moduleCount: number;
  updatedAt: string;
}

/** Per language, each translatable field as written ('' where not translated). */

export interface EditableModule {
  id: string;
  kind: CourseModule['kind'];
  title: string;
  translations: EditableTranslations<'title' | 'markdown'>;
  required: boolean;
  minutes: number;
  lesson?: { markdown: string };
  video?: { url: string; transcript: string };
  quiz?: {
    passScore: number;
    maxAttempts: number;
    shuffle: boolean;
    feedback: (typeof quizFeedbacks)[number];
    questions: {
      id: string;
      kind: string;
      prompt: string;
      options: { text: string; correct: boolean }[];
      acceptedAnswers: string[];
      /** Only the languages it is translated into. */
      translations: Partial<Record<Language, QuestionTranslationView>>;
    }[];
  };
  liveSession?: {
    startsAt: string;
    durationMinutes: number;
    joinUrl?: string;
    meetingId?: string;
    meetingKind: 'meeting' | 'webinar' | 'checkin_list';
    attendanceThreshold: number;
  };
  file?: { filename?: string; contentType?: string; size?: number; description: string };
}

export interface EditableCourse {
  id: string;
  slug: string;
  status: 'draft' | 'published';
  enrollmentPolicy: 'open' | 'restricted';
  version: number;
  publishedAt: string | null;
  /** When it was archived (out of the catalog, closed to new students), or null. */
  archivedAt: string | null;
  hasUnpublishedChanges: boolean;
  draft: Omit<CourseDetailsInput, 'translations'> & {
    translations: EditableTranslations<'title' | 'summary' | 'description'>;
    modules: EditableModule[];
  };
  /** The draft's picture (the uploaded one, else the first topic's drawing). */
  image: CourseImageUrls;
  placement: { specialization: string; level: LevelKey } | null;
}

/** Admins see every course; instructors see theirs. */
export async function listAuthoredCourses(
  actor: Actor,
  reader: Language,
): Promise<AuthoredCourseSummary[]> {
  const courses = await CourseModel.find(isAdmin(actor) ? {} : { instructors: actor.id })
    .select(
      [
        'slug status archivedAt version hasUnpublishedChanges updatedAt',
        'draft.title draft.language draft.modules._id',
        // Only the translated titles: a draft's translations carry whole descriptions.
        ...languages.map((language) => `draft.translations.${language}.title`),
      ].join(' '),
    )
    .sort({ updatedAt: -1 })
    .lean();
  return courses.map((course) => ({
    slug: course.slug,
    title: course.draft.title,
    titleInReaderLanguage: inReaderLanguage(course.draft, ['title'], reader).title,
    language: course.draft.language,
    status: course.status as 'draft' | 'published',
    archived: Boolean(course.archivedAt),
    version: course.version,
    hasUnpublishedChanges: course.hasUnpublishedChanges,
    moduleCount: course.draft.modules.length,
    updatedAt: course.updatedAt.toISOString(),
  }));
}

export async function createCourse(
  actor: Actor,
  input: CreateCourseInput,
): Promise<EditableCourse> {
  const { slug: chosenSlug, ...details } = input;
  const slug = chosenSlug ?? slugFromTitle(details.title);
  if (!slug) throw validationFailed({ slug: 'authoring:errors.chooseAddress' });
  try {
    const course = await CourseModel.create({
      slug,
      status: 'draft',
      instructors: [actor.id],
      draft: { ...details, modules: [] },
      // The published fields stay empty-but-valid until the first publish copies the draft.
      ...details,
      modules: [],
    });
    return toEditableCourse(course, null);
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw conflict('authoring:errors.addressTaken', {
        slug: 'authoring:errors.addressTakenField',
      });
    throw error;
  }
}

export async function getEditableCourse(actor: Actor, slug: string): Promise<EditableCourse> {
  const course = await loadEditableCourse(actor, slug);
  return toEditableCourse(course, await findPlacement(course._id));
}

export async function updateCourseDetails(
  actor: Actor,
  slug: string,
  input: CourseDetailsInput,
): Promise<EditableCourse> {
  const course = await loadEditableCourse(actor, slug);
  course.set(
    Object.fromEntries(
      Object.entries(input)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [`draft.${key}`, value]),
    ),
  );
  return saveDraft(course);
}

export async function addModule(
  actor: Actor,
  slug: string,
  input: ModuleInput,
): Promise<EditableModule> {
  const course = await loadEditableCourse(actor, slug);
  course.draft.modules.push(buildModuleFields(input));
  await saveDraft(course);
  return toEditableModule(course.draft.modules[course.draft.modules.length - 1]!);
}

export async function updateModule(
  actor: Actor,
  slug: string,
  moduleId: string,
  input: ModuleInput,
): Promise<EditableModule> {
  const course = await loadEditableCourse(actor, slug);
  const module = findDraftModule(course, moduleId);
  if (module.kind !== input.kind)
    throw validationFailed({
      kind: { key: 'authoring:errors.kindFixed', values: { kind: module.kind } },
    });
  module.set(buildModuleFields(input, module));
  await saveDraft(course);
  return toEditableModule(module);
}

export async function removeModule(actor: Actor, slug: string, moduleId: string): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  findDraftModule(course, moduleId).deleteOne();
  await saveDraft(course);
}

export async function moveModule(
  actor: Actor,
  slug: string,
  moduleId: string,
  position: number,
): Promise<EditableCourse> {
  const course = await loadEditableCourse(actor, slug);
  const modules = course.draft.modules.map((module) => module.toObject() as CourseModule);
  const from = modules.findIndex((module) => String(module._id) === moduleId);
  if (from < 0) throw notFound('module');
  const [moved] = modules.splice(from, 1);
  modules.splice(Math.min(position, modules.length), 0, moved!);
  course.set('draft.modules', modules);
  return saveDraft(course);
}

export async function addQuestion(
  actor: Actor,
  slug: string,
  moduleId: string,
  input: QuestionInput,
): Promise<EditableModule> {
  const course = await loadEditableCourse(actor, slug);
  const quiz = findDraftQuiz(course, moduleId);
  quiz.quiz!.questions.push(input);
  await saveDraft(course);
  return toEditableModule(quiz);
}

export async function updateQuestion(
  actor: Actor,
  slug: string,
  moduleId: string,
  questionId: string,
  input: QuestionInput,
): Promise<EditableModule> {
  const course = await loadEditableCourse(actor, slug);
  const quiz = findDraftQuiz(course, moduleId);
  const question = quiz.quiz!.questions.id(questionId);
  if (!question) throw notFound('question');
  // Translations left out of the input are kept (options translate by position: a client that
  // reorders the options sends the translations with them).
  const { translations, ...original } = input;
  question.set(translations === undefined ? original : input);
  await saveDraft(course);
  return toEditableModule(quiz);
}

export async function removeQuestion(
  actor: Actor,
  slug: string,
  moduleId: string,
  questionId: string,
): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  const question = findDraftQuiz(course, moduleId).quiz!.questions.id(questionId);
  if (!question) throw notFound('question');
  question.deleteOne();
  await saveDraft(course);
}

/**
 * Publishing copies the draft to what students see and makes it version N+1. Students keep their
 * progress (it is stored per module id); a job then re-checks the completion of everyone enrolled,
 * since a removed module may be the one they were missing.
 */
export async function publishCourse(
  context: AuthoringContext,
  actor: Actor,
  slug: string,
): Promise<EditableCourse> {
  const course = await loadEditableCourse(actor, slug);
  if (course.version > 0 && !course.hasUnpublishedChanges)
    return toEditableCourse(course, await findPlacement(course._id));
  const modules = course.draft.modules.map((module) => module.toObject() as CourseModule);
  assertPublishable(modules);

  const { title, summary, description, language, hours, topics } = course.draft;
  const { translations = {}, image = null } = course.toObject().draft;
  const version = course.version + 1;
  const publishedAt = new Date();
  const content = { title, summary, description, language, translations, hours, topics, image };
  course.set({ ...content, modules });
  course.set({ version, publishedAt, status: 'published', hasUnpublishedChanges: false });
  await saveCourse(course);

  // The course document is the truth; the snapshot is history, written idempotently after it.
  await CourseVersionModel.updateOne(
    { course: course._id, version },
    {
      $setOnInsert: {
        content: { ...content, modules },
        publishedAt,
        publishedBy: actor.id,
      },
    },
    { upsert: true },
  );
  await recordAudit({
    actor: actor.id,
    action: 'course.published',
    course: course._id,
    details: { version, modules: modules.length },
  });
  await context.jobs.enqueue(
    recomputeCourseCompletionsJob,
    { courseId: String(course._id) },
    `recompute-course:${course._id}:v${version}`,
  );
  return toEditableCourse(course, await findPlacement(course._id));
}

/**
 * Places the course in one level of a specialization, or nowhere. Students of the level are
 * re-checked: moving a course out may complete a level for those who had done the rest.
 */
export async function setPlacement(
  context: AuthoringContext,
  actor: Actor,
  slug: string,
  input: PlacementInput,
): Promise<EditableCourse> {
  // Moving a course into or out of a level changes what its badge certifies and awards it.
  if (!isAdmin(actor)) throw forbidden();
  const course = await loadEditableCourse(actor, slug);
  if (Boolean(input.specialization) !== Boolean(input.level))
    throw validationFailed({ level: 'authoring:errors.placementBoth' });

  let target = null;
  // An archived course takes no new students: a level would promise what it cannot give.
  if (input.specialization && course.archivedAt)
    throw validationFailed({ specialization: 'authoring:errors.placeArchived' });
  if (input.specialization) {
    target = await SpecializationModel.findOne({ slug: input.specialization });
    if (!target)
      throw validationFailed({ specialization: 'authoring:errors.unknownSpecialization' });
    if (!target.levels.some((level) => level.key === input.level))
      throw validationFailed({ level: 'authoring:errors.noSuchLevel' });
  }

  const affected: { specializationId: string; level: string }[] = [];
  const current = await SpecializationModel.find({ 'levels.courses': course._id });
  for (const specialization of current) {
    for (const level of specialization.levels) {
      if (!level.courses.some((id) => id.equals(course._id))) continue;
      level.courses = level.courses.filter((id) => !id.equals(course._id));
      affected.push({ specializationId: String(specialization._id), level: level.key });
    }
    if (!target || !target._id.equals(specialization._id)) await specialization.save();
    else target = specialization; // edit one copy of it, saved below
  }
  if (target && input.level) {
    const level = target.levels.find((candidate) => candidate.key === input.level)!;
    level.courses.push(course._id);
    await target.save();
    // Checked again after the write, as archiveCourse does: of an archive and a placement at
    // once, at least one sees the other and undoes itself.
    if (await CourseModel.exists({ _id: course._id, archivedAt: { $exists: true } })) {
      level.courses = level.courses.filter((id) => !id.equals(course._id));
      await target.save();
      throw validationFailed({ specialization: 'authoring:errors.placeArchived' });
    }
    affected.push({ specializationId: String(target._id), level: input.level });
  }
  forgetCatalogListings();

  await recordAudit({
    actor: actor.id,
    action: 'course.placement_changed',
    course: course._id,
    details: { specialization: input.specialization ?? null, level: input.level ?? null },
  });
  await recheckLevels(context.jobs, affected);
  return toEditableCourse(course, await findPlacement(course._id));
}

/** Applies at once (it is who may enroll, not course content, so it is not versioned). */
export async function setEnrollmentPolicy(
  actor: Actor,
  slug: string,
  policy: 'open' | 'restricted',
): Promise<EditableCourse> {
  const course = await loadEditableCourse(actor, slug);
  course.enrollmentPolicy = policy;
  await saveCourse(course);
  return toEditableCourse(course, await findPlacement(course._id));
}

/** Specializations and their levels, for the placement picker. */
export async function listPlacementChoices(reader: Language) {
  return (await listSpecializationOutlines(reader)).map(({ slug, title, levels }) => ({
    slug,
    title,
    levels: levels.map(({ key }) => ({ key })),
  }));
}

function slugFromTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-') // runs collapse to one dash, so no quantifier is needed below
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '');
}

function findDraftModule(course: CourseDocument, moduleId: string) {
  const module = Types.ObjectId.isValid(moduleId) ? course.draft.modules.id(moduleId) : null;
  if (!module) throw notFound('module');
  return module;
}

function findDraftQuiz(course: CourseDocument, moduleId: string) {
  const module = findDraftModule(course, moduleId);
  if (module.kind !== 'quiz' || !module.quiz) throw notFound('quiz');
  return module;
}

async function saveDraft(course: CourseDocument): Promise<EditableCourse> {
  course.hasUnpublishedChanges = true;
  course.markModified('draft');
  await saveCourse(course);
  return toEditableCourse(course, await findPlacement(course._id));
}

export async function saveCourse(course: CourseDocument): Promise<void> {
  try {
    await course.save();
    forgetCatalogListings();
  } catch (error) {
    if (error instanceof MongooseError.VersionError)
      throw conflict('authoring:errors.changedMeanwhile');
    throw error;
  }
}

async function findPlacement(courseId: Types.ObjectId) {
  const specialization = await SpecializationModel.findOne({ 'levels.courses': courseId })
    .select('slug levels.key levels.courses')
    .lean();
  const level = specialization?.levels.find((candidate) =>
    candidate.courses.some((id) => id.equals(courseId)),
  );
  return specialization && level
    ? { specialization: specialization.slug, level: level.key as LevelKey }
    : null;
}

export function toEditableModule(module: CourseModule): EditableModule {
  return {
    id: String(module._id),
    kind: module.kind,
    title: module.title,
    required: module.required,
    minutes: module.minutes,
    translations: editableTranslations(module.translations, ['title', 'markdown']),
    ...(module.lesson ? { lesson: { markdown: module.lesson.markdown } } : {}),
    ...(module.video
      ? { video: { url: module.video.url, transcript: module.video.transcript } }
      : {}),
    ...(module.quiz
      ? {
          quiz: {
            passScore: module.quiz.passScore,
            maxAttempts: module.quiz.maxAttempts,
            shuffle: module.quiz.shuffle,
            feedback: module.quiz.feedback ?? 'answers-at-end',
            questions: module.quiz.questions.map((question) => ({
              id: String(question._id),
              kind: question.kind,
              prompt: question.prompt,
              options: question.options.map(({ text, correct }) => ({ text, correct })),
              acceptedAnswers: [...question.acceptedAnswers],
              translations: questionTranslationsView(question.translations),
            })),
          },
        }
      : {}),
    ...(module.liveSession
      ? {
          liveSession: {
            startsAt: module.liveSession.startsAt.toISOString(),
            durationMinutes: module.liveSession.durationMinutes,
            joinUrl: module.liveSession.joinUrl ?? undefined,
            meetingId: module.liveSession.meetingId ?? undefined,
            // The edit form selects the stored kind; without it a webinar was saved as a meeting.
            meetingKind: module.liveSession.meetingKind ?? 'meeting',
            attendanceThreshold: module.liveSession.attendanceThreshold,
          },
        }
      : {}),
    ...(module.file
      ? {
          file: {
            filename: module.file.filename ?? undefined,
            contentType: module.file.contentType ?? undefined,
            size: module.file.size ?? undefined,
            description: module.file.description,
          },
        }
      : {}),
  };
}

function toEditableCourse(
  course: CourseDocument,
  placement: EditableCourse['placement'],
): EditableCourse {
  const draft = course.draft;
  return {
    id: String(course._id),
    slug: course.slug,
    status: course.status as 'draft' | 'published',
    enrollmentPolicy: (course.enrollmentPolicy ?? 'open') as 'open' | 'restricted',
    version: course.version,
    publishedAt: course.publishedAt?.toISOString() ?? null,
    archivedAt: course.archivedAt?.toISOString() ?? null,
    hasUnpublishedChanges: course.hasUnpublishedChanges,
    draft: {
      title: draft.title,
      summary: draft.summary,
      description: draft.description,
      language: draft.language as CourseDetailsInput['language'],
      hours: draft.hours,
      topics: draft.topics as CourseDetailsInput['topics'],
      translations: editableTranslations(draft.translations, ['title', 'summary', 'description']),
      modules: draft.modules.map(toEditableModule),
    },
    image: courseImageUrls(course.slug, draft.image, draft.topics, 'draft'),
    placement,
  };
}

interface QuestionTranslationView {
  prompt: string;
  options: string[];
  acceptedAnswers: string[];
}

function questionTranslationsView(
  stored: Partial<Record<Language, QuestionTranslation | null | undefined>> | null | undefined,
): Partial<Record<Language, QuestionTranslationView>> {
  return Object.fromEntries(
    languages.flatMap((language) => {
      const translation = stored?.[language];
      return translation
        ? [
            [
              language,
              {
                prompt: translation.prompt ?? '',
                options: [...(translation.options ?? [])],
                acceptedAnswers: [...(translation.acceptedAnswers ?? [])],
              },
            ],
          ]
        : [];
    }),
  );
}
