// A student's learning state and natural ids: what a student sees is read from the rows that hold
// it (enrolments, progress, completions, quiz attempts), each query answered through an index
// (explain, on the dev store as on MongoDB); nothing keeps a copy that could fall behind; rows
// written before natural ids keep working.
import mongoose, { Types } from 'mongoose';
import { ActivePeriodModel, periodsOf } from '../../courses/progress/active-period.model';
import { QuizAttemptModel } from '../../courses/quizzes/quiz-attempt.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { readCounters } from '../../platform/counters';
import { apiUser, type ApiUser } from '../support/http';
import { queriesWithoutIndexDuring } from '../support/query-plans';
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

describe('a student’s learning state', () => {
  test('the dashboard, the player, marking a module done and a passing quiz that completes the course find the student’s rows through indexes', async () => {
    const slug = uniqueSlug('by-id');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'Read' },
      { kind: 'quiz', title: 'Check' },
    ]);
    const [lesson, quiz] = course.modules;
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    await student.agent.get('/dashboard').expect(200);

    const scans = await queriesWithoutIndexDuring(async () => {
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

  test('a student counts as active once per month, quarter and year: later pages write no activity', async () => {
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
      if (collection === 'activeperiods' && method === 'updateOne') activityWrites.push(method);
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
    const studentId = new Types.ObjectId(student.id);
    expect(await ActivePeriodModel.countDocuments({ student: studentId })).toBe(3);

    // A first open whose year row was not written (a write that failed half-way): the next open
    // writes it.
    const year = periods[2]!;
    await ActivePeriodModel.deleteOne({ student: studentId, period: year });
    await student.agent.get(`/learn/${slug}/modules/${course.modules[1]!._id}`).expect(200);
    expect(await ActivePeriodModel.countDocuments({ student: studentId })).toBe(3);
  });

  test('the index check is honest: a query by a field no index leads is reported', async () => {
    const scans = await queriesWithoutIndexDuring(() =>
      ModuleProgressModel.find({ completedVia: 'student' }).lean(),
    );
    expect(scans).toEqual(['moduleprogresses.find {"completedVia":"student"}']);
  });

  test('a progress row written by another path (an import, a script) shows on the next page: there is no copy to fall behind', async () => {
    const slug = uniqueSlug('one-truth');
    const course = await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'One' },
      { kind: 'lesson', title: 'Two' },
      { kind: 'lesson', title: 'Three' },
    ]);
    const student = await apiUser(campus.app);
    await put(student, `/me/enrollments/${slug}`).expect(200);
    await post(student, `/me/courses/${slug}/modules/${course.modules[0]!._id}/done`).expect(200);
    const progress = async () =>
      (await student.agent.get(`/api/v1/me/courses/${slug}/player`).expect(200)).body.player
        .progress;
    expect(await progress()).toEqual({ done: 1, total: 3, percent: 33 });

    // The player opened the next module, so its row is there already.
    await ModuleProgressModel.updateOne(
      {
        student: new Types.ObjectId(student.id),
        course: course._id,
        module: course.modules[1]!._id,
      },
      { $set: { completedAt: new Date(), completedVia: 'student' } },
      { upsert: true },
    );
    expect(await progress()).toEqual({ done: 2, total: 3, percent: 67 });
  });

  test('rows written before natural ids (random _ids) still count, and a repeat adds no second row', async () => {
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
