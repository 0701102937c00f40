// Instructors write quiz questions as option rows with a "correct" tick, preview the quiz with
// its answers marked, and choose what students learn of each question after an attempt.
import { JSDOM } from 'jsdom';
import { CourseModel } from '../../courses/catalog/course.model';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { apiUser, browser, csrfFrom, submitForm, type Agent, type ApiUser } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

async function instructorWithQuiz(slug: string, quiz: { maxAttempts?: number } = {}) {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(
    slug,
    [{ kind: 'quiz', title: 'Routing check', passScore: 100, ...quiz }],
    [String(instructor._id)],
  );
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: instructor.email, password: testPassword });
  return { agent, course, page: `/teach/courses/${slug}/modules/${course.modules[0]!._id}` };
}

/** Posts a form as a browser does, repeated names and all (`optionText` once per row). */
async function postRows(agent: Agent, page: string, action: string, fields: [string, string][]) {
  const body = new URLSearchParams([...fields, ['_csrf', await csrfFrom(agent, page)]]);
  return agent.post(action).type('form').send(body.toString());
}

test('a question is written as option rows: ticked rows are the correct ones, blank rows are left out, and the edit form shows them back', async () => {
  const { agent, page } = await instructorWithQuiz('rows-quiz');
  // A browser sends every row; the second is ticked.
  const added = await postRows(agent, page, `${page}/questions`, [
    ['kind', 'single'],
    ['prompt', 'Which AS may originate the prefix?'],
    ['optionText', 'Any AS'],
    ['correctOption', '1'],
    ['optionText', 'AS 64500'],
    ['optionText', ''],
    ['optionText', ''],
  ]);
  expect(added.status).toBe(302);
  const stored = (await CourseModel.findOne({
    slug: 'rows-quiz',
  }).lean())!.draft.modules[0]!.quiz!.questions.at(-1)!;
  expect(stored.options.map(({ text, correct }) => ({ text, correct }))).toEqual([
    { text: 'Any AS', correct: false },
    { text: 'AS 64500', correct: true },
  ]);
  const form = new JSDOM((await agent.get(page).expect(200)).text).window.document;
  const editRows = [
    ...form.querySelectorAll(`form[action$="/questions/${stored._id}"] .option-row`),
  ];
  expect(
    editRows.map((row) => row.querySelector<HTMLInputElement>('input[type=text]')!.value),
  ).toEqual(['Any AS', 'AS 64500', '', '']);
  expect(
    editRows.map((row) => row.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked),
  ).toEqual([false, true, false, false]);
});

test('a choice question with no correct tick is refused, the field named and the rows kept', async () => {
  const { agent, page } = await instructorWithQuiz('untick-quiz');
  const before = (await CourseModel.findOne({ slug: 'untick-quiz' }).lean())!.draft.modules[0]!
    .quiz!.questions.length;
  const refused = await postRows(agent, page, `${page}/questions`, [
    ['kind', 'single'],
    ['prompt', 'Pick one'],
    ['optionText', 'First'],
    ['optionText', 'Second'],
  ]);
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('value="Second"');
  expect(refused.text).toMatch(/option-rows field-error/);
  expect(
    (await CourseModel.findOne({ slug: 'untick-quiz' }).lean())!.draft.modules[0]!.quiz!.questions,
  ).toHaveLength(before);
});

test('the preview shows the questions with their correct answers marked', async () => {
  const { agent, course } = await instructorWithQuiz('preview-quiz');
  const preview = await agent
    .get(`/teach/courses/preview-quiz/preview/modules/${course.modules[0]!._id}`)
    .expect(200);
  expect(preview.text).toContain('How many bits in an IPv6 address?');
  expect(preview.text).toMatch(/<li class="answer-right">128 <strong>✓ Correct<\/strong>/);
  expect(preview.text).toContain('::1');
});

describe('what a student learns after a failed attempt follows the instructor’s choice', () => {
  async function failOnce(slug: string, feedback: string) {
    const { course } = await instructorWithQuiz(slug, { maxAttempts: 2 });
    await CourseModel.updateOne({ slug }, { $set: { 'modules.0.quiz.feedback': feedback } });
    const student: ApiUser = await apiUser(campus.app);
    await student.agent
      .put(`/api/v1/me/enrollments/${slug}`)
      .set('x-csrf-token', student.csrf)
      .expect(200);
    const quiz = course.modules[0]!.quiz!;
    const [single, short] = quiz.questions;
    const answers = {
      [String(single!._id)]: String(single!.options.find((option) => option.correct)!._id),
      [String(short!._id)]: 'wrong',
    };
    const attempt = await student.agent
      .post(`/api/v1/me/courses/${slug}/modules/${course.modules[0]!._id}/quiz-attempts`)
      .set('x-csrf-token', student.csrf)
      .send({ answers })
      .expect(201);
    return { attempt: attempt.body, single: String(single!._id), short: String(short!._id) };
  }

  test('question by question: right or wrong for each, the answers not yet', async () => {
    const { attempt, single, short } = await failOnce('feedback-each', 'per-question');
    expect(attempt.attempt.results).toEqual({ [single]: true, [short]: false });
    expect(attempt.quiz.correctAnswers).toBeNull();
    expect(attempt.quiz.feedback).toBe('per-question');
  });

  test('score only: neither which questions were wrong nor the answers', async () => {
    const { attempt } = await failOnce('feedback-score', 'score-only');
    expect(attempt.attempt.results).toEqual({});
    expect(attempt.attempt.score).toBe(50);
    expect(attempt.quiz.correctAnswers).toBeNull();
  });
});

test('the feedback choice is saved from the module form', async () => {
  const { agent, page } = await instructorWithQuiz('feedback-form');
  const saved = await submitForm(agent, page, page, {
    kind: 'quiz',
    title: 'Routing check',
    minutes: '10',
    passScore: '80',
    maxAttempts: '3',
    feedback: 'score-only',
  });
  expect(saved.status).toBe(302);
  expect(
    (await CourseModel.findOne({ slug: 'feedback-form' }).lean())!.draft.modules[0]!.quiz!.feedback,
  ).toBe('score-only');
  const refused = await submitForm(agent, page, page, {
    kind: 'quiz',
    title: 'Routing check',
    feedback: 'everything',
  });
  expect(refused.status).toBe(422);
});
