import { EnrollmentModel } from '../../courses/enrollment/enrollment.model';
import type { Language } from '../../i18n';
import { randomBytes } from 'node:crypto';
import { createUser, type Role } from '../../accounts';
import { Types } from 'mongoose';
import { CourseModel } from '../../courses/catalog/course.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';

export const testPassword = 'correct horse battery';

/** A user with a unique email; pass overrides for what the test is about. */
export async function createTestUser(
  overrides: {
    email?: string;
    displayName?: string;
    roles?: Role[];
    language?: Language;
    /** Whether the email counts as confirmed (badges wait for it); most tests are not about that. */
    emailConfirmed?: boolean;
  } = {},
) {
  const email = overrides.email ?? `user-${randomBytes(4).toString('hex')}@example.org`;
  return createUser({
    email,
    password: testPassword,
    displayName: overrides.displayName ?? 'Test Student',
    language: overrides.language ?? 'en',
    roles: overrides.roles ?? ['student'],
    emailConfirmed: overrides.emailConfirmed ?? true,
  });
}

/** A course an instructor has not published yet. */
export async function createDraftCourse(slug: string) {
  const details = {
    title: `Draft ${slug}`,
    summary: 'Not yet published.',
    description: 'Draft.',
    language: 'en' as const,
    hours: 1,
  };
  return CourseModel.create({ slug, status: 'draft', draft: details, ...details });
}

export type ModuleSpec =
  | { kind: 'lesson'; title: string; required?: boolean }
  | {
      kind: 'live_session';
      title: string;
      required?: boolean;
      startsAt?: Date;
      durationMinutes?: number;
      meetingId?: string;
      meetingKind?: 'meeting' | 'webinar' | 'checkin_list';
      attendanceThreshold?: number;
      joinUrl?: string;
    }
  | {
      kind: 'quiz';
      title: string;
      required?: boolean;
      passScore?: number;
      maxAttempts?: number;
      shuffle?: boolean;
    };

/** The quiz every test quiz asks: one single-choice and one short-answer question. */
export const testQuizQuestions = [
  {
    kind: 'single',
    prompt: 'How many bits in an IPv6 address?',
    options: [
      { text: '32', correct: false },
      { text: '128', correct: true },
    ],
    acceptedAnswers: [],
  },
  { kind: 'short', prompt: 'The loopback address?', options: [], acceptedAnswers: ['::1'] },
];

function buildTestModule(spec: ModuleSpec) {
  const base = {
    _id: new Types.ObjectId(),
    kind: spec.kind,
    title: spec.title,
    required: spec.required ?? true,
    minutes: 10,
  };
  if (spec.kind === 'lesson')
    return { ...base, lesson: { markdown: spec.title, html: `<p>${spec.title}</p>` } };
  if (spec.kind === 'live_session')
    return {
      ...base,
      liveSession: {
        startsAt: spec.startsAt ?? new Date('2027-01-01T14:00:00Z'),
        durationMinutes: spec.durationMinutes ?? 60,
        meetingId: spec.meetingId,
        joinUrl: spec.joinUrl,
        meetingKind: spec.meetingKind ?? 'meeting',
        attendanceThreshold: spec.attendanceThreshold ?? 75,
      },
    };
  return {
    ...base,
    quiz: {
      passScore: spec.passScore ?? 100,
      maxAttempts: spec.maxAttempts ?? 3,
      shuffle: spec.shuffle ?? true,
      questions: testQuizQuestions.map((question) => ({
        ...question,
        _id: new Types.ObjectId(),
        options: question.options.map((option) => ({ ...option, _id: new Types.ObjectId() })),
      })),
    },
  };
}

/** A course already published as version 1 with these modules (ids are fixed from now on). */
export async function createPublishedCourse(
  slug: string,
  modules: ModuleSpec[],
  instructorIds: string[] = [],
) {
  const content = {
    title: `Course ${slug}`,
    summary: 'A test course.',
    description: 'A test course.',
    language: 'en' as const,
    hours: 2,
    topics: [],
    modules: modules.map(buildTestModule),
  };
  return CourseModel.create({
    slug,
    status: 'published',
    version: 1,
    publishedAt: new Date(),
    hasUnpublishedChanges: false,
    instructors: instructorIds,
    draft: content,
    ...content,
  });
}

/** A published specialization whose levels hold these courses. */
export async function createSpecialization(
  slug: string,
  levels: { key: 'basic' | 'intermediate' | 'advanced'; courses: Types.ObjectId[] }[],
) {
  return SpecializationModel.create({
    slug,
    title: `Specialization ${slug}`,
    summary: 'A test specialization.',
    description: 'A test specialization.',
    status: 'published',
    levels: levels.map((level) => ({ ...level, title: level.key, summary: level.key })),
  });
}

/** An active enrolment written directly (tests that are not about enrolling). */
export async function enrollTestStudent(student: Types.ObjectId, course: Types.ObjectId) {
  const enrollment = await EnrollmentModel.create({
    student,
    course,
    status: 'active',
    source: 'course',
    enrolledAt: new Date(),
  });
  return enrollment;
}
