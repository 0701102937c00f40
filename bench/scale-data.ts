// A campus of `scale` × the modelled one (1,000 students, 5,000 enrolments, 60 courses at 1×):
// at 100×, the 100,000 students and 500,000 enrolments the reports must stay fast for. Written
// with insertMany in batches (the services would take hours at this size), then the report
// counters are rebuilt from it as the nightly job does. Progress goes to stderr.
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { UserModel } from '../accounts/user.model';
import { AchievementModel } from '../badges/achievements/achievement.model';
import { AwardModel } from '../badges/awards/award.model';
import { awardIdOf } from '../badges/awards/award.service';
import { CertificateModel } from '../badges/certificates/certificate.model';
import { moduleProgressId, topicKeys } from '../courses';
import { CourseModel } from '../courses/catalog/course.model';
import { SpecializationModel } from '../courses/catalog/specialization.model';
import { EnrollmentModel } from '../courses/enrollment/enrollment.model';
import { ActivePeriodModel, periodsOf } from '../courses/progress/active-period.model';
import { CompletionModel } from '../courses/completion/completion.model';
import { ModuleProgressModel } from '../courses/progress/module-progress.model';
import { naturalId } from '../platform/natural-id';
import { supportedLanguages } from '../i18n';
import { AttendanceRowModel } from '../attendance/attendance-row.model';

const batchSize = 5000;
const yearStart = Date.UTC(new Date().getUTCFullYear() - 2, 0, 1);
const span = Date.now() - yearStart;

function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r  ${label.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

async function insertInBatches<T>(
  label: string,
  total: number,
  make: (index: number) => T,
  insert: (docs: T[]) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < total; start += batchSize) {
    const docs = Array.from({ length: Math.min(batchSize, total - start) }, (_, i) =>
      make(start + i),
    );
    await insert(docs);
    progress(label, start + docs.length, total);
  }
}

const at = (seed: number) => new Date(yearStart + ((seed * 7919) % 1000) * (span / 1000));

/** Modules as stored (insertMany's result is typed as its input, without the ids it was given). */
type StoredModule = { _id: Types.ObjectId; kind: string; liveSession?: { startsAt: Date } };
const modulesOf = (course: { modules: unknown }) => course.modules as StoredModule[];

export interface ScaleCampus {
  students: number;
  moduleProgress: number;
  liveSessions: number;
  attendanceRows: number;
  enrollments: number;
  completions: number;
  awards: number;
  activePeriods: number;
}

export async function generateScaleCampus(scale: number): Promise<ScaleCampus> {
  const students = 1000 * scale;
  const enrollments = 5 * students;
  const courseCount = 60;
  // 300 live sessions at 100×, each with 100 participants' attendance.
  const liveSessionsPerCourse = Math.max(1, Math.round((3 * scale) / courseCount));

  const specialization = await SpecializationModel.create({
    slug: 'scale-spec',
    title: 'Scale specialization',
    summary: 'Generated for benchmarks.',
    description: 'Generated for benchmarks.',
    status: 'published',
    levels: [],
  }).catch(() => SpecializationModel.findOne({ slug: 'scale-spec' }).orFail());
  const courses = await CourseModel.insertMany(
    Array.from({ length: courseCount }, (_, index) => {
      const content = {
        title: `Scale course ${index + 1}`,
        summary: 'Generated for benchmarks.',
        description: 'Generated for benchmarks.',
        language: supportedLanguages[index % 3]!,
        hours: 10,
        topics: [topicKeys[index % topicKeys.length]!, topicKeys[(index + 3) % topicKeys.length]!],
        modules: [
          ...[1, 2, 3, 4].map((n) => ({
            kind: 'lesson',
            title: `Lesson ${n}`,
            minutes: 30,
            required: true,
            lesson: { markdown: `Lesson ${n}.`, html: `<p>Lesson ${n}.</p>` },
          })),
          {
            kind: 'quiz',
            title: 'Check',
            minutes: 10,
            required: true,
            // Unlimited attempts: the HTTP benchmark submits it over and over.
            quiz: {
              passScore: 50,
              maxAttempts: 0,
              shuffle: false,
              questions: [
                {
                  kind: 'single',
                  prompt: 'How many bits in an IPv6 address?',
                  options: [
                    { text: '128', correct: true },
                    { text: '32', correct: false },
                  ],
                  acceptedAnswers: [],
                },
              ],
            },
          },
          ...Array.from({ length: liveSessionsPerCourse }, (_, n) => ({
            kind: 'live_session',
            title: `Webinar ${n + 1}`,
            minutes: 60,
            required: false,
            liveSession: {
              startsAt: at(index * 13 + n),
              durationMinutes: 60,
              meetingKind: 'webinar',
              attendanceThreshold: 75,
            },
          })),
        ],
      };
      return {
        slug: `scale-course-${index + 1}`,
        status: 'published',
        version: 1,
        publishedAt: new Date(),
        hasUnpublishedChanges: false,
        instructors: [],
        draft: content,
        ...content,
      };
    }),
  );
  const achievements = await AchievementModel.insertMany(
    ['basic', 'intermediate', 'advanced'].map((level) => ({
      slug: `scale-${level}`,
      name: `Scale ${level}`,
      description: 'Generated for benchmarks.',
      criteriaNarrative: 'Generated for benchmarks.',
      specialization: specialization._id,
      level,
      scope: 'level',
      target: `level:${String(specialization._id)}:${level}`,
      color: '#1f7a4d',
    })),
  );

  const studentIds = Array.from({ length: students }, () => new Types.ObjectId());
  const hash = `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64')}$x`;
  await insertInBatches(
    'students',
    students,
    (index) => ({
      _id: studentIds[index],
      email: `scale-${index}@example.org`,
      passwordHash: hash,
      displayName: `Student ${index}`,
      certificateName: `Student ${index}`,
      language: supportedLanguages[index % 3],
      roles: ['student'],
      createdAt: at(index),
      updatedAt: at(index),
    }),
    (docs) => UserModel.collection.insertMany(docs as never[], { ordered: false }),
  );
  // Five distinct courses per student; about half of the enrolments completed.
  let completions = 0;
  let moduleProgress = 0;
  const lessonIds = new Map(
    courses.map((course) => [
      String(course._id),
      modulesOf(course)
        .filter((m) => m.kind === 'lesson')
        .map((m) => m._id),
    ]),
  );
  await insertInBatches(
    'enrollments',
    enrollments,
    (index) => {
      const student = studentIds[Math.floor(index / 5)]!;
      const course = courses[(Math.floor(index / 5) * 7 + (index % 5) * 11) % courseCount]!;
      return {
        _id: new Types.ObjectId(),
        student,
        course: course._id,
        status: 'active',
        source: 'course',
        enrolledAt: at(index),
      };
    },
    async (docs) => {
      await EnrollmentModel.collection.insertMany(docs as never[], { ordered: false });
      const completed = docs
        .filter((_, i) => i % 2 === 0)
        .map((doc) => ({
          _id: naturalId('completion', doc.student, `course:${String(doc.course)}`),
          student: doc.student,
          scope: 'course',
          key: `course:${String(doc.course)}`,
          course: doc.course,
          courseVersion: 1,
          completedAt: new Date(doc.enrolledAt.getTime() + 20 * 86400_000),
          recordedVia: 'progress',
        }));
      completions += completed.length;
      await CompletionModel.collection.insertMany(completed as never[], { ordered: false });
      // Four lessons opened per enrolment (2,000,000 rows at 100×), done where it completed.
      const rows = docs.flatMap((doc, i) => {
        const lessons = lessonIds.get(String(doc.course))!;
        return lessons.map((module) => ({
          _id: moduleProgressId(doc.student, module),
          student: doc.student,
          course: doc.course,
          module,
          firstOpenedAt: doc.enrolledAt,
          lastOpenedAt: doc.enrolledAt,
          ...(i % 2 === 0 ? { completedAt: doc.enrolledAt, completedVia: 'student' } : {}),
        }));
      });
      moduleProgress += rows.length;
      await ModuleProgressModel.collection.insertMany(rows as never[], { ordered: false });
    },
  );
  const awards = 50 * scale * 10;
  // Public ids and the _ids derived from them, as issuance makes them.
  const awardPublicIds = Array.from({ length: awards }, () => crypto.randomUUID());
  const awardIds = awardPublicIds.map(awardIdOf);
  await insertInBatches(
    'awards',
    awards,
    (index) => ({
      _id: awardIds[index],
      student: studentIds[index % students],
      achievement: achievements[index % 3]!._id,
      publicId: awardPublicIds[index],
      completion: new Types.ObjectId(),
      issuedOn: at(index),
      salt: 'scale',
      recipientHash: 'sha256$scale',
      recipientName: `Student ${index}`,
      evidence: { courses: [] },
    }),
    (docs) => AwardModel.collection.insertMany(docs as never[], { ordered: false }),
  );
  await insertInBatches(
    'certificates',
    awards,
    (index) => ({
      award: awardIds[index],
      fileId: new Types.ObjectId(),
      size: 50_000,
      sha256: 'scale',
      renderedAt: at(index),
    }),
    (docs) => CertificateModel.collection.insertMany(docs as never[], { ordered: false }),
  );
  // Each student active in two months (and so in their quarters and years).
  const activity = new Set<string>();
  const active: { _id: Types.ObjectId; period: string; student: Types.ObjectId }[] = [];
  studentIds.forEach((student, index) => {
    for (const moment of [at(index), at(index + 37)])
      for (const period of Object.values(periodsOf(moment))) {
        const id = `${period}|${String(student)}`;
        if (!activity.has(id)) {
          activity.add(id);
          active.push({ _id: naturalId('active-period', period, student), period, student });
        }
      }
  });
  await insertInBatches(
    'active periods',
    active.length,
    (index) => active[index]!,
    (docs) => ActivePeriodModel.collection.insertMany(docs as never[], { ordered: false }),
  );
  // Attendance: the first 100 students enrolled in each live session's course were there.
  const sessions = courses.flatMap((course, courseIndex) =>
    modulesOf(course)
      .filter((m) => m.kind === 'live_session')
      .map((m) => ({ course: course._id, courseIndex, module: m })),
  );
  const participantsOf = (courseIndex: number) => {
    const found: number[] = [];
    for (let s = 0; s < students && found.length < 100; s += 1)
      for (let k = 0; k < 5; k += 1)
        if ((s * 7 + k * 11) % courseCount === courseIndex) {
          found.push(s);
          break;
        }
    return found;
  };
  const attendance = sessions.flatMap((session) =>
    participantsOf(session.courseIndex).map((s) => ({ ...session, student: s })),
  );
  await insertInBatches(
    'attendance',
    attendance.length,
    (index) => {
      const { course, module, student } = attendance[index]!;
      const startsAt = module.liveSession!.startsAt;
      return {
        session: module._id,
        course,
        source: 'zoom',
        instance: 'scale',
        rowKey: `scale-${student}`,
        raw: {},
        participantKey: `email:scale-${student}@example.org`,
        name: `Student ${student}`,
        email: `scale-${student}@example.org`,
        joinAt: startsAt,
        leaveAt: new Date(startsAt.getTime() + 55 * 60_000),
        storedAt: startsAt,
      };
    },
    (docs) => AttendanceRowModel.collection.insertMany(docs as never[], { ordered: false }),
  );
  return {
    students,
    enrollments,
    completions,
    awards,
    activePeriods: active.length,
    moduleProgress,
    liveSessions: sessions.length,
    attendanceRows: attendance.length,
  };
}
