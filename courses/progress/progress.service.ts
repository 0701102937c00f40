// The course player and progress: opening modules, marking them done, and progress per course,
// level and specialization.
import { Types } from 'mongoose';
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import { trustedHtml, type SafeHtml } from '../../platform/safe-html';
import { joinStateAt, joinWindow, type JoinState } from './upcoming-sessions';
import { AppError, notFound, validationFailed } from '../../platform/errors';
import { findPublishedCourseBySlug, findPublishedCoursesByIds } from '../catalog/course-lookup';
import { CourseModel, type CourseModule } from '../catalog/course.model';
import { SpecializationModel } from '../catalog/specialization.model';
import {
  checkCourseCompletion,
  type CompletionContext,
  type CompletionView,
} from '../completion/completion.service';
import { completionKeys } from '../completion/completion-rules';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { isActivityRecorded, recordActivity } from './active-period.model';
import { activeCourse, readLearnerState, type LearnerState } from './learner-state';
import { recordModuleDone, recordModuleOpened } from './module-progress.service';

export type ModuleState = 'done' | 'todo';

export interface PlayerModuleSummary {
  id: string;
  kind: CourseModule['kind'];
  title: string;
  required: boolean;
  minutes: number;
  state: ModuleState;
}

export interface ProgressFigures {
  done: number;
  total: number;
  percent: number;
}

/** A module as a student may see it: never a quiz's answers or a file's storage id. */
export interface StudentModuleView {
  id: string;
  kind: CourseModule['kind'];
  title: string;
  required: boolean;
  minutes: number;
  /** The lesson in the reader's language where translated; `language` is the one it is in. */
  lesson?: { html: SafeHtml; language: Language | null };
  video?: { url: string; embedUrl: string | null; transcript: string };
  liveSession?: {
    startsAt: string;
    durationMinutes: number;
    /** Only while joining is open (see upcoming-sessions.ts); null before and after. */
    joinUrl: string | null;
    /** Whether the session has a link at all, and when it opens. */
    hasJoinLink: boolean;
    joinOpensAt: string;
    joinState: JoinState;
    attendanceThreshold: number;
  };
  file?: { filename: string; contentType: string; size: number; description: string } | null;
}

export interface PlayerView {
  /** `language`: the one the course is written in (its texts' original). */
  course: { id: string; slug: string; title: string; language: string | null; version: number };
  modules: PlayerModuleSummary[];
  current: StudentModuleView;
  /** The stored module, for the services that need its quiz (never sent to students as is). */
  currentModule: CourseModule;
  currentState: ModuleState;
  previous: PlayerModuleSummary | null;
  next: PlayerModuleSummary | null;
  progress: ProgressFigures;
  completion: CompletionView | null;
  /** Preview: an instructor looking at the draft; nothing is recorded. */
  preview: boolean;
}

type PlayerCourse = {
  _id: Types.ObjectId;
  slug: string;
  title: string;
  language?: string | null;
  version: number;
  modules: CourseModule[];
};
const playerFields = 'slug title language translations version modules';

const notEnrolled = () => new AppError('not_enrolled', 403, 'learning:errors.notEnrolled');

/**
 * Opens a module of a published course for an enrolled student (or the module to resume) and
 * remembers it as the place to come back to.
 */
export async function openModule(
  studentId: string,
  slug: string,
  moduleId: string | undefined,
  reader: Language,
): Promise<PlayerView> {
  const course = await findPublishedCourseBySlug<PlayerCourse>(slug, playerFields);
  if (!course) throw notFound('course');
  const now = new Date();
  const [learner, activityRecorded] = await Promise.all([
    readLearnerState(studentId, { course: course._id }),
    isActivityRecorded(studentId, now),
  ]);
  const enrollment = activeCourse(learner, course._id);
  if (!enrollment) throw notEnrolled();

  const done = enrollment.done;
  const modules = course.modules as CourseModule[];
  const current = moduleId
    ? modules.find((module) => String(module._id) === moduleId)
    : resumeModule(modules, done, enrollment.lastModule);
  if (!current) throw notFound('module');

  // Activity counts once per month, quarter and year: three upserts on the month's first open
  // only, not on every page a student turns (each is a write the store serialises).
  if (!activityRecorded) await recordActivity(studentId, now);
  await Promise.all([
    recordModuleOpened(studentId, course._id, current._id, now),
    EnrollmentModel.updateOne(
      { _id: enrollment.enrollment },
      { $set: { lastModule: current._id, lastActivityAt: now } },
    ),
  ]);
  const key = completionKeys.course(String(course._id));
  const completion = learner.completions.get(key);
  return buildPlayerView(course, modules, current, done, reader, {
    completion: completion
      ? {
          scope: 'course',
          key,
          courseId: String(course._id),
          courseVersion: completion.courseVersion,
          specializationId: null,
          level: null,
          completedAt: completion.completedAt.toISOString(),
        }
      : null,
    preview: false,
  });
}

/** The draft as a student would see it; the caller has checked the actor may edit the course. */
export function previewDraftModule(
  course: {
    _id: Types.ObjectId;
    slug: string;
    version: number;
    draft: {
      title: string;
      language: string;
      translations?: Translations<'title'> | null;
      modules: CourseModule[];
    };
  },
  moduleId: string | undefined,
  reader: Language,
): PlayerView {
  const modules = course.draft.modules;
  const current = moduleId ? modules.find((module) => String(module._id) === moduleId) : modules[0];
  if (!current) throw notFound('module');
  return buildPlayerView(
    {
      _id: course._id,
      slug: course.slug,
      title: course.draft.title,
      language: course.draft.language,
      translations: course.draft.translations,
      version: course.version,
    },
    modules,
    current,
    new Set(),
    reader,
    { completion: null, preview: true },
  );
}

/**
 * "Mark as done" for lessons, videos and files. Quizzes complete when passed and live sessions
 * when attendance is recorded, so those are refused here.
 */
export async function markModuleDone(
  context: CompletionContext,
  studentId: string,
  slug: string,
  moduleId: string,
  /** The language moduleTitle is given in (the course's own when not said). */
  reader?: Language,
): Promise<{ progress: ProgressFigures; courseCompleted: boolean; moduleTitle: string }> {
  const { course, module } = await findEnrolledModule(studentId, slug, moduleId);
  if (module.kind === 'quiz' || module.kind === 'live_session')
    throw validationFailed(
      {
        module:
          module.kind === 'quiz'
            ? 'learning:errors.quizByPassing'
            : 'learning:errors.sessionByAttendance',
      },
      'learning:errors.notByHand',
    );
  await recordModuleDone(studentId, course._id, module._id, 'student');
  const completion = await checkCourseCompletion(context, studentId, String(course._id));
  const learner = await readLearnerState(studentId, { course: course._id });
  return {
    progress: figures(
      course.modules as CourseModule[],
      activeCourse(learner, course._id)?.done ?? new Set(),
    ),
    courseCompleted: Boolean(completion),
    // The confirmation names the module: the player has moved on to the next one by then.
    moduleTitle: reader
      ? inReaderLanguage({ ...module, language: course.language }, ['title'], reader).title
      : module.title,
  };
}

// The progress row's id, for courses' index (written only by module-progress.service).
export { moduleProgressId } from './module-progress.service';

/** A published course's module the student is actively enrolled for. */
export async function findEnrolledModule(studentId: string, slug: string, moduleId: string) {
  const course = await findPublishedCourseBySlug<PlayerCourse>(slug, playerFields);
  if (!course) throw notFound('course');
  const module = (course.modules as CourseModule[]).find(
    (candidate) => String(candidate._id) === moduleId,
  );
  if (!module) throw notFound('module');
  const enrolled = await EnrollmentModel.exists({
    student: studentId,
    course: course._id,
    status: 'active',
  });
  if (!enrolled) throw notEnrolled();
  return { course, module };
}

export interface CourseProgressSummary extends ProgressFigures {
  courseId: string;
  completedAt: string | null;
  /**
   * When all that is left is required live sessions still to come: how many, and when the last
   * starts (the course cannot complete before it). Null otherwise.
   */
  sessionsLeft: { count: number; lastStartsAt: string } | null;
}

/** Progress of each course, for a dashboard: the courses' modules and the student's learning state. */
export async function progressOfCourses(
  learner: LearnerState,
  courseIds: Types.ObjectId[],
): Promise<Map<string, CourseProgressSummary>> {
  const courses = await findPublishedCoursesByIds<{
    _id: Types.ObjectId;
    modules: CourseModule[];
  }>(courseIds, 'modules._id modules.required modules.kind modules.liveSession.startsAt');
  const now = new Date();
  return new Map(
    courses.map((course) => {
      const id = String(course._id);
      const done = learner.courses.get(id)?.done ?? new Set<string>();
      const completed = learner.completions.get(completionKeys.course(id))?.completedAt;
      const progress = figures(course.modules as CourseModule[], done);
      return [
        id,
        {
          courseId: id,
          // A recorded completion is 100% even if a later version added modules.
          ...(completed ? { ...progress, percent: 100 } : progress),
          completedAt: completed?.toISOString() ?? null,
          sessionsLeft: completed ? null : onlySessionsLeft(course.modules, done, now),
        },
      ];
    }),
  );
}

/** The required live sessions still to come, when nothing else required is left to do. */
function onlySessionsLeft(
  modules: CourseModule[],
  done: ReadonlySet<string>,
  now: Date,
): CourseProgressSummary['sessionsLeft'] {
  const left = modules.filter((module) => module.required && !done.has(String(module._id)));
  const coming = left.flatMap((module) =>
    module.kind === 'live_session' && module.liveSession && module.liveSession.startsAt > now
      ? [module.liveSession.startsAt.getTime()]
      : [],
  );
  if (!coming.length || coming.length < left.length) return null;
  return { count: coming.length, lastStartsAt: new Date(Math.max(...coming)).toISOString() };
}

/**
 * A student's standing in these courses (by slug), for the catalog's pages: the progress of each
 * course they are enrolled in; the others are absent.
 */
export async function standingInCourses(
  studentId: string,
  slugs: string[],
): Promise<Map<string, CourseProgressSummary>> {
  if (!slugs.length) return new Map();
  const [courses, learner] = await Promise.all([
    CourseModel.find({ slug: { $in: slugs }, status: 'published' })
      .select('_id slug')
      .lean(),
    readLearnerState(studentId),
  ]);
  const enrolled = courses.filter((course) => activeCourse(learner, course._id));
  const progress = await progressOfCourses(
    learner,
    enrolled.map((course) => course._id),
  );
  const slugOf = new Map(enrolled.map((course) => [String(course._id), course.slug]));
  return new Map([...progress].map(([id, summary]) => [slugOf.get(id)!, summary]));
}

/**
 * A signed-in student's next step, for the home page: the unfinished course they enrolled in
 * last, with how far they are in it; null when every course they are in is complete (or none).
 */
export async function nextStepFor(
  studentId: string,
  reader: Language,
): Promise<{ slug: string; title: string; percent: number; started: boolean } | null> {
  const learner = await readLearnerState(studentId);
  const active = [...learner.courses.entries()]
    .filter(([, course]) => course.active)
    .sort(([, a], [, b]) => b.enrolledAt.getTime() - a.enrolledAt.getTime());
  if (!active.length) return null;
  const ids = active.map(([id]) => new Types.ObjectId(id));
  const [progress, courses] = await Promise.all([
    progressOfCourses(learner, ids),
    findPublishedCoursesByIds<{
      _id: Types.ObjectId;
      slug: string;
      title: string;
      language: string;
      translations?: Translations<'title'> | null;
    }>(ids, 'slug title language translations'),
  ]);
  const byId = new Map(courses.map((course) => [String(course._id), course]));
  for (const [id] of active) {
    const course = byId.get(id);
    const figures = progress.get(id);
    if (course && figures && !figures.completedAt)
      return {
        slug: course.slug,
        title: inReaderLanguage(course, ['title'], reader).title,
        percent: figures.percent,
        started: figures.done > 0,
      };
  }
  return null;
}

export interface LevelProgress {
  key: string;
  title: string;
  coursesDone: number;
  courseCount: number;
  percent: number;
  completedAt: string | null;
}

export interface SpecializationProgress {
  slug: string;
  title: string;
  levels: LevelProgress[];
  completedAt: string | null;
}

/** Progress through each specialization the student has courses in. */
export async function specializationProgress(
  learner: LearnerState,
  courseIds: Types.ObjectId[],
  reader: Language,
  /** Each enrolled course's share done (progressOfCourses), for the levels' bars. */
  courseProgress: ReadonlyMap<string, { percent: number }>,
): Promise<SpecializationProgress[]> {
  const specializations = await SpecializationModel.find({
    status: 'published',
    'levels.courses': { $in: courseIds },
  })
    .select('slug title translations levels.key levels.title levels.translations levels.courses')
    .lean();
  if (!specializations.length) return [];
  const allCourseIds = specializations.flatMap((s) => s.levels.flatMap((level) => level.courses));
  const published = await findPublishedCoursesByIds<{ _id: Types.ObjectId }>(allCourseIds, '_id');
  const publishedIds = new Set(published.map((course) => String(course._id)));
  const completedAt = new Map(
    [...learner.completions].map(([key, c]) => [key, c.completedAt.toISOString()]),
  );
  return specializations.map((specialization) => {
    const id = String(specialization._id);
    return {
      slug: specialization.slug,
      title: inReaderLanguage(specialization, ['title'], reader).title,
      completedAt: completedAt.get(completionKeys.specialization(id)) ?? null,
      levels: specialization.levels.map((level) => {
        const levelCourses = level.courses.map(String).filter((c) => publishedIds.has(c));
        const coursesDone = levelCourses.filter((c) =>
          completedAt.has(completionKeys.course(c)),
        ).length;
        return {
          key: level.key,
          title: inReaderLanguage(level, ['title'], reader).title,
          coursesDone,
          courseCount: levelCourses.length,
          // Module by module, as the level's own page measures it (half of one course in three
          // is 17%, not 0): one figure for the same level wherever it shows.
          percent: levelCourses.length
            ? Math.round(
                levelCourses.reduce(
                  (sum, c) =>
                    sum +
                    (completedAt.has(completionKeys.course(c))
                      ? 100
                      : (courseProgress.get(c)?.percent ?? 0)),
                  0,
                ) / levelCourses.length,
              )
            : 0,
          completedAt: completedAt.get(completionKeys.level(id, level.key)) ?? null,
        };
      }),
    };
  });
}

function figures(modules: CourseModule[], done: ReadonlySet<string>): ProgressFigures {
  const required = modules.filter((module) => module.required);
  const count = required.filter((module) => done.has(String(module._id))).length;
  return {
    done: count,
    total: required.length,
    percent: required.length ? Math.round((100 * count) / required.length) : 0,
  };
}

/**
 * Where to pick up: the module last opened while it is unfinished; once it is done, the next
 * required module not done after it (then any before it), so "Continue" never lands on a quiz
 * already passed; a finished course reopens where the student was.
 */
function resumeModule(
  modules: CourseModule[],
  done: ReadonlySet<string>,
  lastModule?: Types.ObjectId | null,
): CourseModule | undefined {
  const unfinished = (module: CourseModule) => module.required && !done.has(String(module._id));
  const lastIndex = lastModule ? modules.findIndex((module) => module._id.equals(lastModule)) : -1;
  if (lastIndex < 0) return modules.find(unfinished) ?? modules[0];
  // The module last opened, while not done, is where they are.
  if (!done.has(String(lastModule))) return modules[lastIndex];
  return (
    modules.slice(lastIndex).find(unfinished) ??
    modules.slice(0, lastIndex).find(unfinished) ??
    modules[lastIndex]
  );
}

function buildPlayerView(
  course: {
    _id: Types.ObjectId;
    slug: string;
    title: string;
    language?: string | null;
    translations?: Translations<'title'> | null;
    version: number;
  },
  modules: CourseModule[],
  current: CourseModule,
  done: ReadonlySet<string>,
  reader: Language,
  extra: { completion: CompletionView | null; preview: boolean },
): PlayerView {
  const inCourseLanguage = (module: CourseModule) => ({ ...module, language: course.language });
  const summaries = modules.map((module) => ({
    id: String(module._id),
    kind: module.kind,
    title: inReaderLanguage(inCourseLanguage(module), ['title'], reader).title,
    required: module.required,
    minutes: module.minutes,
    state: (done.has(String(module._id)) ? 'done' : 'todo') as ModuleState,
  }));
  const index = modules.indexOf(current);
  return {
    course: {
      id: String(course._id),
      slug: course.slug,
      title: inReaderLanguage(course, ['title'], reader).title,
      language: course.language ?? null,
      version: course.version,
    },
    modules: summaries,
    current: toStudentModule(inCourseLanguage(current), reader),
    currentModule: current,
    currentState: summaries[index]!.state,
    previous: summaries[index - 1] ?? null,
    next: summaries[index + 1] ?? null,
    progress: figures(modules, done),
    ...extra,
  };
}

function toStudentModule(
  module: CourseModule & { language?: string | null },
  reader: Language,
): StudentModuleView {
  const view: StudentModuleView = {
    id: String(module._id),
    kind: module.kind,
    title: inReaderLanguage(module, ['title'], reader).title,
    required: module.required,
    minutes: module.minutes,
  };
  // Rendered from markdown with raw HTML off when saved (authoring/markdown.ts), translations too.
  if (module.lesson) {
    const text = inReaderLanguage(
      { html: module.lesson.html, language: module.language, translations: module.translations },
      ['html'],
      reader,
    );
    view.lesson = { html: trustedHtml(text.html), language: text.contentLanguage };
  }
  if (module.video)
    view.video = {
      url: module.video.url,
      embedUrl: module.video.embedUrl ?? null,
      transcript: module.video.transcript,
    };
  if (module.liveSession) {
    const joinState = joinStateAt(module.liveSession, new Date());
    view.liveSession = {
      startsAt: module.liveSession.startsAt.toISOString(),
      durationMinutes: module.liveSession.durationMinutes,
      joinUrl: joinState === 'open' ? (module.liveSession.joinUrl ?? null) : null,
      hasJoinLink: Boolean(module.liveSession.joinUrl),
      joinOpensAt: joinWindow(module.liveSession).opensAt.toISOString(),
      joinState,
      attendanceThreshold: module.liveSession.attendanceThreshold,
    };
  }
  if (module.kind === 'file')
    view.file = module.file?.fileId
      ? {
          filename: module.file.filename ?? 'download',
          contentType: module.file.contentType ?? 'application/octet-stream',
          size: module.file.size ?? 0,
          description: module.file.description,
        }
      : null;
  return view;
}
