// The learner record and natural ids: what a student sees comes from rows found by _id (the only
// lookup FerretDB does without scanning a whole collection), the record each write keeps equals
// one rebuilt from the sources, and rows written before natural ids keep working.
import mongoose, { Types } from 'mongoose';
import {
  ActivePeriodModel,
  periodsOf,
  QuizAttemptModel,
  rebuildLearnerRecordsJob,
} from '../../courses';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { readCounters } from '../../platform/counters';
import { LearnerRecordModel } from '../../courses/progress/learner-record.model';
import { rebuildLearnerRecord } from '../../courses/progress/learner-record.service';
import { apiUser, type ApiUser } from '../support/http';
import { filtersNotByIdDuring } from '../support/query-log';
import { createPublishedCourse } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

let slugs = 0;
const uniqueSlug = (name: string) => `${name}-${++slugs}`;

const post = (client: ApiUser, path: string, body: object = {}) =>
  client.agent.post(`/api/v1${path}`).set('x-csrf-token', client.csrf).send(body);
const put = (client: ApiUser, path: string) =>
  client.agent.put(`/api/v1${path}`).set('x-csrf-token', client.csrf).send({});

type Quiz = Awaited<ReturnType<typeof createPublishedCourse>>['modules'][number];
const rightAnswers = (quiz: Quiz) =>
  Object.fromEntries(
    quiz.quiz!.questions.map((question) => [
      String(question._id),
      question.kind === 'short'
        ? question.acceptedAnswers[0]!
        : String(question.options.find((option) => option.correct)!._id),
    ]),
  );
const wrongAnswers = (quiz: Quiz) =>
  Object.fromEntries(
    quiz.quiz!.questions.map((question) => [
      String(question._id),
      question.kind === 'short'
        ? 'no idea'
        : String(question.options.find((option) => !option.correct)!._id),
    ]),
  );

describe('the learner record', () => {
  test('the dashboard, the player, marking a module done and a passing quiz that completes the course find the student’s rows by _id only', async () => {
    const slug = uniqueSlug('by-id');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'Read' },
      { kind: 'quiz', title: 'Check' },
    ]);
    const [lesson, quiz] = course.modules;
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    await student.agent.get('/dashboard').expect(200);

    const scans = await filtersNotByIdDuring(async () => {
      await student.agent.get('/dashboard').expect(200);
      await student.agent.get(`/learn/${slug}/modules/${lesson!._id}`).expect(200);
      await post(student, `/me/courses/${slug}/modules/${lesson!._id}/done`).expect(200);
      await student.agent.get(`/api/v1/me/courses/${slug}/modules/${quiz!._id}`).expect(200);
      const failed = await post(student, `/me/courses/${slug}/modules/${quiz!._id}/quiz-attempts`, {
        answers: wrongAnswers(quiz!),
      });
      expect(failed.body.attempt).toMatchObject({ number: 1, passed: false });
      const passed = await post(student, `/me/courses/${slug}/modules/${quiz!._id}/quiz-attempts`, {
        answers: rightAnswers(quiz!),
      });
      expect(passed.body).toMatchObject({
        attempt: { number: 2, passed: true },
        courseCompleted: true,
      });
      await student.agent.get('/api/v1/me/enrollments').expect(200);
    });
    expect(scans).toEqual([]);

    // And what the student sees is right: the course done, at 100%.
    const dashboard = await student.agent.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('100');
    expect(dashboard.text).toContain(`Course ${slug}`);
  });

  test('the record each write keeps equals one rebuilt from the sources', async () => {
    const first = uniqueSlug('kept');
    const second = uniqueSlug('left');
    const course = await createPublishedCourse(first, [
      { kind: 'lesson', title: 'One' },
      { kind: 'quiz', title: 'Quiz' },
      { kind: 'lesson', title: 'Two' },
    ]);
    const other = await createPublishedCourse(second, [{ kind: 'lesson', title: 'Only' }]);
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${first}`).expect(200);
    await put(student, `/me/enrollments/${second}`).expect(200);
    await post(student, `/me/courses/${first}/modules/${course.modules[0]!._id}/done`).expect(200);
    const quizPath = `/me/courses/${first}/modules/${course.modules[1]!._id}/quiz-attempts`;
    await post(student, quizPath, { answers: wrongAnswers(course.modules[1]!) }).expect(201);
    await post(student, quizPath, { answers: rightAnswers(course.modules[1]!) }).expect(201);
    await post(student, `/me/courses/${second}/modules/${other.modules[0]!._id}/done`).expect(200);
    await student.agent
      .delete(`/api/v1/me/enrollments/${second}`)
      .set('x-csrf-token', student.csrf)
      .expect(204);
    await student.agent.get(`/learn/${first}/modules/${course.modules[2]!._id}`).expect(200);

    const kept = await LearnerRecordModel.collection.findOne({
      _id: new Types.ObjectId(student.id),
    });
    const rebuilt = await rebuildLearnerRecord(student.id);
    const normalized = (record: object | null) =>
      JSON.parse(JSON.stringify(record), (_key, value: unknown) =>
        Array.isArray(value) ? [...value].sort() : value,
      );
    // changedAt and activeMonth are bookkeeping of the writes, not learning state.
    const { changedAt, activeMonth, ...keptContent } = kept!;
    expect(changedAt).toBeInstanceOf(Date);
    expect(activeMonth).toBe(new Date().toISOString().slice(0, 7));
    expect(normalized(keptContent)).toEqual(normalized(rebuilt));
    expect(Object.keys(rebuilt.courses)).toHaveLength(2);
    expect(rebuilt.courses[String(other._id)]).toMatchObject({ status: 'withdrawn' });
    expect(rebuilt.quizAttempts).toEqual({
      [String(course.modules[1]!._id)]: { used: 2, best: 100, passed: true },
    });
    expect(Object.keys(rebuilt.completions)).toEqual([`course:${other._id}`]);
  });

  test('a student counts as active once per month, quarter and year: later pages write no activity, and a rebuilt record counts no one twice', async () => {
    const slug = uniqueSlug('active');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'One' },
      { kind: 'lesson', title: 'Two' },
    ]);
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    const periods = Object.values(periodsOf(new Date()));
    const activeStudents = async () => {
      const counter = await readCounters('active', periods, ['*']);
      return periods.map((period) => counter(period, '*'));
    };
    const before = await activeStudents();
    const activityWrites: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'activeperiods') activityWrites.push(method);
    });
    try {
      await student.agent.get(`/learn/${slug}/modules/${course.modules[0]!._id}`).expect(200);
      expect(activityWrites).toHaveLength(3);
      await student.agent.get(`/learn/${slug}/modules/${course.modules[1]!._id}`).expect(200);
      await student.agent.get(`/learn/${slug}/modules/${course.modules[0]!._id}`).expect(200);
      expect(activityWrites).toHaveLength(3);
    } finally {
      mongoose.set('debug', false);
    }
    expect(await activeStudents()).toEqual(before.map((count) => count + 1));

    // The rebuild drops the month mark: the next open writes the rows again, and counts no one twice.
    await rebuildLearnerRecord(student.id);
    await student.agent.get(`/learn/${slug}/modules/${course.modules[1]!._id}`).expect(200);
    expect(await activeStudents()).toEqual(before.map((count) => count + 1));
    expect(
      await ActivePeriodModel.countDocuments({ student: new Types.ObjectId(student.id) }),
    ).toBe(3);
  });

  test('a record that missed a write (a crash between the row and its note) is repaired by the nightly rebuild', async () => {
    const slug = uniqueSlug('repaired');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'One' },
      { kind: 'lesson', title: 'Two' },
      { kind: 'lesson', title: 'Three' },
    ]);
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    await post(student, `/me/courses/${slug}/modules/${course.modules[0]!._id}/done`).expect(200);
    await ModuleProgressModel.create({
      student: new Types.ObjectId(student.id),
      course: course._id,
      module: course.modules[1]!._id,
      completedAt: new Date(),
      completedVia: 'student',
    });
    const progress = async () =>
      (await student.agent.get(`/api/v1/me/courses/${slug}/player`).expect(200)).body.player
        .progress;
    expect(await progress()).toEqual({ done: 1, total: 3, percent: 33 });

    await campus.runJob(rebuildLearnerRecordsJob, {});
    expect(await progress()).toEqual({ done: 2, total: 3, percent: 67 });
  });

  test('rows written before natural ids (random _ids, no record) still count, and a repeat adds no second row', async () => {
    const slug = uniqueSlug('legacy');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'Opened long ago' },
      { kind: 'quiz', title: 'Tried long ago', maxAttempts: 3 },
      { kind: 'lesson', title: 'Still to do' },
    ]);
    const [lesson, quiz] = course.modules;
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    const key = (module: Quiz) => ({
      student: new Types.ObjectId(student.id),
      course: course._id,
      module: module._id,
    });
    const longAgo = new Date('2025-01-15T10:00:00Z');
    await ModuleProgressModel.create({
      ...key(lesson!),
      firstOpenedAt: longAgo,
      lastOpenedAt: longAgo,
    });
    await QuizAttemptModel.create({
      ...key(quiz!),
      number: 1,
      courseVersion: 1,
      answers: {},
      results: {},
      score: 0,
      passed: false,
      submittedAt: longAgo,
    });
    await LearnerRecordModel.deleteOne({ _id: new Types.ObjectId(student.id) });

    await student.agent.get(`/learn/${slug}/modules/${lesson!._id}`).expect(200);
    await post(student, `/me/courses/${slug}/modules/${lesson!._id}/done`).expect(200);
    await post(student, `/me/courses/${slug}/modules/${lesson!._id}/done`).expect(200);
    const rows = await ModuleProgressModel.find(key(lesson!)).lean();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstOpenedAt: longAgo, completedVia: 'student' });

    const quizView = await student.agent
      .get(`/api/v1/me/courses/${slug}/modules/${quiz!._id}`)
      .expect(200);
    expect(quizView.body.quiz).toMatchObject({ attemptsUsed: 1, attemptsLeft: 2 });
    const second = await post(student, `/me/courses/${slug}/modules/${quiz!._id}/quiz-attempts`, {
      answers: rightAnswers(quiz!),
    }).expect(201);
    expect(second.body).toMatchObject({
      attempt: { number: 2, passed: true },
      quiz: { attemptsUsed: 2, attemptsLeft: 1 },
    });
    const player = await student.agent.get(`/api/v1/me/courses/${slug}/player`).expect(200);
    expect(player.body.player.progress).toEqual({ done: 2, total: 3, percent: 67 });
  });
});
