import { CourseModel } from '../../courses/catalog/course.model';
import request from 'supertest';
import { QuizAttemptModel } from '../../courses/quizzes/quiz-attempt.model';
import { apiUser, submitForm, type ApiUser } from '../support/http';
import { createPublishedCourse, createTestUser } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

type Client = ApiUser;
const login = (roles?: Parameters<typeof apiUser>[1]) => apiUser(campus.app, roles);
const post = (client: Client, path: string, body: object = {}) =>
  client.agent.post(`/api/v1${path}`).set('x-csrf-token', client.csrf).send(body);
const put = (client: Client, path: string) =>
  client.agent.put(`/api/v1${path}`).set('x-csrf-token', client.csrf).send({});

describe('the course player', () => {
  test('a student resumes where they left off, sees state per module, and never sees quiz answers', async () => {
    const course = await createPublishedCourse('player-course', [
      { kind: 'lesson', title: 'First' },
      { kind: 'quiz', title: 'Check' },
      { kind: 'lesson', title: 'Last' },
    ]);
    const [first, quiz] = course.modules.map((m) => String(m._id));
    const student = await login();
    // Not enrolled: the player refuses with a clear answer.
    const refused = await student.agent.get('/api/v1/me/courses/player-course/player');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_enrolled');

    await put(student, '/me/enrollments/player-course').expect(200);
    const start = await student.agent.get('/api/v1/me/courses/player-course/player').expect(200);
    expect(start.body.player.current).toMatchObject({ id: first, title: 'First' });
    expect(start.body.player.previous).toBeNull();
    expect(start.body.player.next).toMatchObject({ id: quiz });

    await post(student, `/me/courses/player-course/modules/${first}/done`).expect(200);
    const quizPage = await student.agent
      .get(`/api/v1/me/courses/player-course/modules/${quiz}`)
      .expect(200);
    expect(JSON.stringify(quizPage.body)).not.toMatch(/"correct"|acceptedAnswers|::1/);
    expect(quizPage.body.quiz.questions).toHaveLength(2);
    expect(quizPage.body.player.modules.map((m: { state: string }) => m.state)).toEqual([
      'done',
      'todo',
      'todo',
    ]);
    expect(quizPage.body.player.progress).toEqual({ done: 1, total: 3, percent: 33 });

    // Coming back later resumes at the quiz, the last module opened.
    const resumed = await student.agent.get('/api/v1/me/courses/player-course/player').expect(200);
    expect(resumed.body.player.current.id).toBe(quiz);

    // Rereading a finished module does not make it the place to continue: that stays the first
    // module not done after it.
    await student.agent.get(`/api/v1/me/courses/player-course/modules/${first}`).expect(200);
    const continued = await student.agent
      .get('/api/v1/me/courses/player-course/player')
      .expect(200);
    expect(continued.body.player.current.id).toBe(quiz);
  });

  test('quizzes: answers for another quiz are refused, the attempts limit holds, and answers are revealed only when no attempt is left', async () => {
    const course = await createPublishedCourse('quiz-course', [
      { kind: 'quiz', title: 'Quiz A', maxAttempts: 2 },
      { kind: 'quiz', title: 'Quiz B' },
    ]);
    const [quizA, quizB] = course.modules;
    const student = await login();
    await put(student, '/me/enrollments/quiz-course').expect(200);
    const path = `/me/courses/quiz-course/modules/${quizA!._id}/quiz-attempts`;

    const questionOfB = String(quizB!.quiz!.questions[0]!._id);
    const foreign = await post(student, path, { answers: { [questionOfB]: 'x' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { field: `answers.${questionOfB}`, message: 'This is not a question of this quiz.' },
    ]);
    const [single] = quizA!.quiz!.questions;
    const optionOfB = String(quizB!.quiz!.questions[0]!.options[0]!._id);
    const badOption = await post(student, path, { answers: { [String(single!._id)]: optionOfB } });
    expect(badOption.status).toBe(422);
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(0);

    const wrong = { [String(single!._id)]: String(single!.options.find((o) => !o.correct)!._id) };
    // A slip never costs an attempt: nothing answered, or some questions unanswered without
    // saying so, is refused with each unanswered question named.
    const empty = await post(student, path, { answers: {}, allowUnanswered: true });
    expect(empty.status).toBe(422);
    expect(empty.body.title).toBe(
      'Answer the questions before you submit: an empty attempt is not counted.',
    );
    const partial = await post(student, path, { answers: wrong });
    expect(partial.status).toBe(422);
    const [, short] = quizA!.quiz!.questions;
    expect(partial.body.errors).toEqual([
      { field: `answers.${String(short!._id)}`, message: 'This question has no answer yet.' },
    ]);
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(0);

    const one = await post(student, path, { answers: wrong, allowUnanswered: true }).expect(201);
    expect(one.body.attempt).toMatchObject({ number: 1, passed: false, score: 0 });
    expect(one.body.quiz.correctAnswers).toBeNull(); // no answers while attempts remain
    await post(student, path, { answers: wrong, allowUnanswered: true }).expect(201);
    const third = await post(student, path, { answers: wrong, allowUnanswered: true });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('quiz_attempts_exhausted');
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(2);

    // Out of attempts: now the correct answers are shown.
    const after = await student.agent
      .get(`/api/v1/me/courses/quiz-course/modules/${quizA!._id}`)
      .expect(200);
    expect(after.body.quiz).toMatchObject({ canAttempt: false, attemptsLeft: 0 });
    expect(Object.values(after.body.quiz.correctAnswers)).toEqual(
      expect.arrayContaining([['128'], ['::1']]),
    );
  });

  test('concurrent submissions of the last attempt grade only one', async () => {
    const course = await createPublishedCourse('race-course', [
      { kind: 'quiz', title: 'Once', maxAttempts: 1 },
    ]);
    const student = await login();
    await put(student, '/me/enrollments/race-course').expect(200);
    const path = `/me/courses/race-course/modules/${course.modules[0]!._id}/quiz-attempts`;
    const [single, short] = course.modules[0]!.quiz!.questions;
    const wrong = { [String(single!._id)]: String(single!.options.find((o) => !o.correct)!._id) };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        post(student, path, { answers: { ...wrong, [String(short!._id)]: 'x' } }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(1);
  });
});

describe('the quiz form', () => {
  test('a form with questions left blank keeps what was chosen, names the blanks, and costs no attempt until the student confirms', async () => {
    const course = await createPublishedCourse('form-quiz-course', [
      { kind: 'quiz', title: 'Form quiz', maxAttempts: 2 },
    ]);
    const quiz = course.modules[0]!;
    const [single] = quiz.quiz!.questions;
    const wrongOption = String(single!.options.find((o) => !o.correct)!._id);
    const student = await login();
    await put(student, '/me/enrollments/form-quiz-course').expect(200);
    const page = `/learn/form-quiz-course/modules/${quiz._id}`;
    const submit = (fields: Record<string, string>) =>
      student.agent
        .post(`${page}/quiz`)
        .type('form')
        .send({ _csrf: student.csrf, ...fields });

    const blank = await submit({});
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('an empty attempt is not counted');
    const partial = await submit({ [`q_${single!._id}`]: wrongOption });
    expect(partial.status).toBe(422);
    expect(partial.text).toContain('1 question has no answer yet');
    expect(partial.text).toMatch(new RegExp(`value="${wrongOption}" checked`));
    expect(partial.text).toContain('name="allowUnanswered"');
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(0);

    // Confirmed: the attempt counts, and its failure is said as a warning, with what to do.
    const confirmed = await submit({ [`q_${single!._id}`]: wrongOption, allowUnanswered: 'yes' });
    expect(confirmed.status).toBe(302);
    const after = await student.agent.get(page).expect(200);
    expect(after.text).toMatch(
      /class="notice notice-warning" role="status">You scored 0%; 100% is needed to pass/,
    );
    expect(after.text).toContain('(attempts left: 1)');
    // The instructor shows answers at the end only: the student is not told to look at marks
    // that are not there.
    expect(after.text).toContain('Go over the lessons before this quiz');
    expect(after.text).not.toContain('questions you missed');
    expect(await QuizAttemptModel.countDocuments({ student: student.id })).toBe(1);

    // The last attempt fails: no "try again", and the correct answers are there.
    const last = await submit({ [`q_${single!._id}`]: wrongOption, allowUnanswered: 'yes' });
    expect(last.status).toBe(302);
    const end = await student.agent.get(page).expect(200);
    expect(end.text).toContain('and that was your last attempt. The correct answers are below.');
    expect(end.text).not.toContain('try again');
  });

  test('with feedback per question, a failed attempt points at the questions marked wrong', async () => {
    const course = await createPublishedCourse('marked-quiz-course', [
      { kind: 'quiz', title: 'Marked quiz', maxAttempts: 3 },
    ]);
    await CourseModel.updateOne(
      { _id: course._id },
      { $set: { 'modules.0.quiz.feedback': 'per-question' } },
    );
    const quiz = course.modules[0]!;
    const [single] = quiz.quiz!.questions;
    const wrongOption = String(single!.options.find((o) => !o.correct)!._id);
    const student = await login();
    await put(student, '/me/enrollments/marked-quiz-course').expect(200);
    const page = `/learn/marked-quiz-course/modules/${quiz._id}`;
    await student.agent
      .post(`${page}/quiz`)
      .type('form')
      .send({ _csrf: student.csrf, [`q_${single!._id}`]: wrongOption, allowUnanswered: 'yes' })
      .expect(302);
    const after = await student.agent.get(page).expect(200);
    expect(after.text).toContain('The questions you missed are marked below');
    expect(after.text).toContain('class="answer-wrong"');
  });
});

describe('progress records', () => {
  test('a student reads their own progress; another student is denied; an admin may read it', async () => {
    await createPublishedCourse('record-course', [{ kind: 'lesson', title: 'Only' }]);
    const student = await login();
    await put(student, '/me/enrollments/record-course').expect(200);
    const mine = await student.agent.get('/api/v1/me/progress').expect(200);
    expect(mine.body.record.courses[0]).toMatchObject({
      course: { slug: 'record-course' },
      progress: { done: 0, total: 1, percent: 0 },
    });
    expect(mine.body.record.audit).toBeNull();

    const other = await login();
    const denied = await other.agent.get(`/api/v1/students/${student.id}/progress`);
    expect(denied.status).toBe(403);
    expect(denied.body).not.toHaveProperty('record');
    const instructor = await login(['instructor']);
    await instructor.agent.get(`/api/v1/students/${student.id}/progress`).expect(403);
    await request(campus.app).get(`/api/v1/students/${student.id}/progress`).expect(401);
    // Only admins recompute.
    await post(other, `/students/${student.id}/completion/recompute`).expect(403);

    const admin = await login(['admin']);
    const seen = await admin.agent.get(`/api/v1/students/${student.id}/progress`).expect(200);
    expect(seen.body.record.student.id).toBe(student.id);
  });

  test('admins find a student by the start of the email; regex characters are taken literally', async () => {
    const target = await createTestUser({
      email: 'find.me+cohort@example.org',
      displayName: 'Findable',
    });
    await createTestUser({ email: 'findxme@example.org' });
    const admin = await login(['admin']);
    const found = await admin.agent.get('/api/v1/admin/students?q=Find.Me%2B').expect(200);
    expect(found.body.students).toEqual([
      { id: target.id, displayName: 'Findable', email: 'find.me+cohort@example.org' },
    ]);
    const page = await admin.agent.get('/admin/students?q=find.me').expect(200);
    expect(page.text).toContain(`/admin/students/${target.id}`);
    const student = await login();
    await student.agent.get('/api/v1/admin/students?q=find').expect(403);
  });

  test('admins find a student by any word of the name, accents and case ignored, and see the record in words', async () => {
    const target = await createTestUser({ displayName: 'María José Fernández Núñez' });
    await createTestUser({ displayName: 'Mario Gómez' });
    const admin = await login(['admin']);
    const names = async (q: string) =>
      (
        await admin.agent.get(`/api/v1/admin/students?q=${encodeURIComponent(q)}`).expect(200)
      ).body.students.map((student: { displayName: string }) => student.displayName);
    expect(await names('fernandez')).toEqual(['María José Fernández Núñez']);
    expect(await names('MAR NUÑ')).toEqual(['María José Fernández Núñez']);
    expect(await names('mar')).toEqual(
      expect.arrayContaining(['María José Fernández Núñez', 'Mario Gómez']),
    );
    expect(await names('.*')).toEqual([]);
    const page = await admin.agent.get('/admin/students?q=jos%C3%A9').expect(200);
    expect(page.text).toContain(`/admin/students/${target.id}`);

    // Disabled by an admin: the record says it in words, not as an action code.
    await submitForm(
      admin.agent,
      `/admin/students/${target.id}`,
      `/admin/students/${target.id}/disable`,
      {
        confirm: 'yes',
      },
    );
    const record = await admin.agent.get(`/admin/students/${target.id}`).expect(200);
    expect(record.text).toContain('Disabled the account.');
  });

  test('the OpenAPI document lists every learning and authoring operation with its access', async () => {
    const response = await request(campus.app).get('/api/v1/openapi.json').expect(200);
    const paths = response.body.paths;
    expect(paths['/me/courses/{slug}/modules/{moduleId}/quiz-attempts'].post).toMatchObject({
      tags: ['learning'],
      security: [{ session: [] }],
    });
    expect(paths['/authoring/courses/{slug}/publish'].post.responses).toHaveProperty('403');
    expect(
      paths['/students/{studentId}/completion/recompute'].post.responses['403'].description,
    ).toBe('Only for: admin');
  });
});
