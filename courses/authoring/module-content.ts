// Turns an instructor's module input into what is stored, and says what stops a draft from being
// published. Pure functions: no database, easy to test.
import { AppError, type FieldErrors } from '../../platform/errors';
import type { CourseModule } from '../catalog/course.model';
import type { ModuleInput } from './authoring.schemas';
import { renderLessonMarkdown } from './markdown';

/** YouTube and Vimeo links play inside the page through their privacy-friendly players. */
export function videoEmbedUrl(link: string): string | undefined {
  const url = new URL(link);
  const host = url.hostname.replace(/^www\./, '');
  const id = /^[\w-]{6,20}$/;
  if (host === 'youtube.com' && url.pathname === '/watch') {
    const video = url.searchParams.get('v');
    if (video && id.test(video)) return `https://www.youtube-nocookie.com/embed/${video}`;
  }
  if (host === 'youtu.be') {
    const video = url.pathname.slice(1);
    if (id.test(video)) return `https://www.youtube-nocookie.com/embed/${video}`;
  }
  if (host === 'vimeo.com' && /^\/\d{3,12}$/.test(url.pathname)) {
    return `https://player.vimeo.com/video${url.pathname}`;
  }
  return undefined;
}

type StoredModuleFields = Omit<CourseModule, '_id'>;

/** Translated titles and lesson texts, each lesson text rendered and sanitized like the original. */
function moduleTranslations(translations: NonNullable<ModuleInput['translations']>) {
  return Object.fromEntries(
    Object.entries(translations).flatMap(([language, texts]) =>
      texts
        ? [
            [
              language,
              {
                title: texts.title,
                markdown: texts.markdown,
                html: texts.markdown ? renderLessonMarkdown(texts.markdown) : '',
              },
            ],
          ]
        : [],
    ),
  ) as CourseModule['translations'];
}

/** The stored fields of a module; `existing` keeps what the input does not carry (questions, file). */
export function buildModuleFields(
  input: ModuleInput,
  existing?: CourseModule,
): Partial<StoredModuleFields> {
  const base = {
    kind: input.kind,
    title: input.title,
    required: input.required,
    minutes: input.minutes,
    translations: input.translations
      ? moduleTranslations(input.translations)
      : (existing?.translations ?? undefined),
  };
  switch (input.kind) {
    case 'lesson':
      return {
        ...base,
        lesson: { markdown: input.markdown, html: renderLessonMarkdown(input.markdown) },
      };
    case 'video':
      return {
        ...base,
        video: { url: input.url, embedUrl: videoEmbedUrl(input.url), transcript: input.transcript },
      };
    case 'quiz':
      return {
        ...base,
        quiz: {
          passScore: input.passScore,
          maxAttempts: input.maxAttempts,
          shuffle: input.shuffle,
          feedback: input.feedback ?? existing?.quiz?.feedback ?? 'answers-at-end',
          questions: (input.questions ?? existing?.quiz?.questions ?? []) as never,
        },
      };
    case 'live_session':
      return {
        ...base,
        minutes: input.durationMinutes,
        liveSession: {
          startsAt: input.startsAt,
          durationMinutes: input.durationMinutes,
          joinUrl: input.joinUrl,
          meetingId: input.meetingId,
          meetingKind: input.meetingKind ?? existing?.liveSession?.meetingKind ?? 'meeting',
          attendanceThreshold: input.attendanceThreshold,
        },
      };
    case 'file':
      return {
        ...base,
        file: { ...(existing?.file ?? {}), description: input.description },
      };
  }
}

/** What must be fixed before a draft can become a version students take. */
export function findPublishProblems(modules: CourseModule[]): FieldErrors {
  const problems: FieldErrors = {};
  if (!modules.length) problems.modules = 'authoring:errors.noModules';
  else if (!modules.some((module) => module.required))
    problems.modules = 'authoring:errors.noRequired';
  modules.forEach((module, index) => {
    const field = `modules.${index}`;
    if (module.kind === 'lesson' && !module.lesson?.markdown.trim())
      problems[field] = { key: 'authoring:errors.lessonEmpty', values: { title: module.title } };
    if (module.kind === 'quiz' && !module.quiz?.questions.length)
      problems[field] = { key: 'authoring:errors.quizEmpty', values: { title: module.title } };
    if (module.kind === 'file' && !module.file?.fileId)
      problems[field] = { key: 'authoring:errors.fileMissing', values: { title: module.title } };
  });
  return problems;
}

export function assertPublishable(modules: CourseModule[]): void {
  const problems = findPublishProblems(modules);
  if (Object.keys(problems).length)
    throw new AppError('not_publishable', 422, 'authoring:errors.notPublishable', {
      fields: problems,
    });
}
