// Instructors write quiz questions as option rows with a "correct" tick, in other languages beside
// the original, preview the quiz with its answers marked, and choose what students learn of each
// question after an attempt. Students read the questions in their language.
import { JSDOM } from 'jsdom';
import { CourseModel } from '../../courses/catalog/course.model';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import {
  apiLogin,
  apiUser,
  browser,
  csrfFrom,
  submitForm,
  type Agent,
  type ApiUser,
} from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

async function instructorWithQuiz(
  slug: string,
  quiz: { maxAttempts?: number } = {},
  language: 'en' | 'pt' = 'en',
) {
  const instructor = await createTestUser({ roles: ['instructor'], language });
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
    ...form.querySelectorAll(`form[action*="/questions/${stored._id}#"] .option-row`),
  ];
  expect(
    editRows.map((row) => row.querySelector<HTMLTextAreaElement>('textarea.option-text')!.value),
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
  expect(refused.text).toContain('>Second</textarea>');
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
  expect(preview.text).toMatch(
    /<li class="answer-right"><span>128<\/span> <strong>✓ Correct<\/strong>/,
  );
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

describe('questions in other languages', () => {
  const translatedQuestion: [string, string][] = [
    ['kind', 'single'],
    ['prompt', 'Which AS may originate the prefix?'],
    ['optionText', 'Any AS'],
    ['optionText', ''],
    ['optionText', 'AS 64500'],
    ['correctOption', '2'],
    ['optionText', ''],
    // Portuguese beside each original row; the second row is blank in both and left out.
    ['translations.pt.prompt', 'Qual AS pode originar o prefixo?'],
    ['translations.pt.optionText', 'Qualquer AS'],
    ['translations.pt.optionText', ''],
    ['translations.pt.optionText', 'O AS 64500'],
    ['translations.pt.optionText', ''],
    ['translations.es.prompt', ''],
    ['translations.es.optionText', ''],
  ];

  test('an instructor writes a question’s translation beside it, each option in its original’s row, and finds it there again', async () => {
    const { agent, page } = await instructorWithQuiz('quiz-in-pt');
    expect((await postRows(agent, page, `${page}/questions`, translatedQuestion)).status).toBe(302);
    const stored = (await CourseModel.findOne({
      slug: 'quiz-in-pt',
    }).lean())!.draft.modules[0]!.quiz!.questions.at(-1)!;
    expect(stored.options.map((option) => option.text)).toEqual(['Any AS', 'AS 64500']);
    expect(stored.translations?.pt).toMatchObject({
      prompt: 'Qual AS pode originar o prefixo?',
      options: ['Qualquer AS', 'O AS 64500'],
    });
    // Spanish was left blank: nothing is stored for it.
    expect(stored.translations?.es).toBeUndefined();

    const form = new JSDOM((await agent.get(page).expect(200)).text).window.document;
    const edit = form.querySelector(`form[action*="/questions/${stored._id}#"]`)!;
    expect(edit.querySelector<HTMLTextAreaElement>('[name="translations.pt.prompt"]')!.value).toBe(
      'Qual AS pode originar o prefixo?',
    );
    const ptRows = [
      ...edit.querySelectorAll<HTMLTextAreaElement>('[name="translations.pt.optionText"]'),
    ];
    expect(ptRows.map((row) => [row.value, row.placeholder])).toEqual([
      ['Qualquer AS', 'Any AS'],
      ['O AS 64500', 'AS 64500'],
      ['', ''],
      ['', ''],
    ]);
  });

  test('a translated option in a row with no original is refused, named, and nothing changes', async () => {
    const { agent, page } = await instructorWithQuiz('quiz-orphan');
    const count = async () =>
      (await CourseModel.findOne({ slug: 'quiz-orphan' }).lean())!.draft.modules[0]!.quiz!.questions
        .length;
    const before = await count();
    const refused = await postRows(
      agent,
      page,
      `${page}/questions`,
      translatedQuestion.map(([name, value], index) =>
        // The blank second original row gets a Portuguese text.
        name === 'translations.pt.optionText' && index === 9
          ? [name, 'Sem original']
          : [name, value],
      ),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('A translated option needs its original in the same row.');
    expect(refused.text).toContain('>Sem original</textarea>');
    expect(await count()).toBe(before);
  });

  test('a refused edit shows again in its own question, opened, with what was typed', async () => {
    const { agent, course, page } = await instructorWithQuiz('quiz-edit-refused');
    const question = course.modules[0]!.quiz!.questions[0]!;
    const refused = await postRows(agent, page, `${page}/questions/${question._id}`, [
      ['kind', 'single'],
      ['prompt', 'How many bits, again?'],
      ['optionText', '32'],
      ['optionText', '128'],
    ]);
    expect(refused.status).toBe(422);
    const html = new JSDOM(refused.text).window.document;
    const opened = html.querySelector<HTMLDetailsElement>(`#question-${question._id}`)!;
    expect(opened.open).toBe(true);
    expect(opened.querySelector('textarea[name="prompt"]')!.textContent).toBe(
      'How many bits, again?',
    );
    expect(opened.querySelector('.option-rows.field-error')).not.toBeNull();
    // A crafted field the form never sends is a refusal too, not a crash.
    const crafted = await postRows(agent, page, `${page}/questions/${question._id}`, [
      ['kind', 'single'],
      ['prompt', ''],
      ['options', 'foo'],
    ]);
    expect(crafted.status).toBe(422);
    // Nothing was saved.
    expect(
      (await CourseModel.findOne({ slug: 'quiz-edit-refused' }).lean())!.draft.modules[0]!.quiz!
        .questions[0]!.prompt,
    ).toBe('How many bits in an IPv6 address?');
  });

  test('the preview in another language shows the translation a reader of it would get, answers marked', async () => {
    const { agent, course } = await instructorWithQuiz('quiz-preview-pt', {}, 'pt');
    await CourseModel.updateOne(
      { slug: 'quiz-preview-pt' },
      {
        $set: {
          'draft.modules.0.quiz.questions.0.translations': {
            pt: {
              prompt: 'Quantos bits tem um endereço IPv6?',
              options: ['', 'Cento e vinte e oito'],
            },
          },
        },
      },
    );
    const preview = await agent
      .get(`/teach/courses/quiz-preview-pt/preview/modules/${course.modules[0]!._id}`)
      .expect(200);
    expect(preview.text).toContain('<strong>Quantos bits tem um endereço IPv6?</strong>');
    expect(preview.text).toMatch(
      /<li class="answer-right"><span>Cento e vinte e oito<\/span> <strong>✓ Correta<\/strong>/,
    );
    // The untranslated question shows as written, marked as English.
    expect(preview.text).toContain('<strong lang="en">The loopback address?</strong>');
  });

  test('an API edit that leaves translations out keeps them; one that sends them replaces them', async () => {
    const instructor = await createTestUser({ roles: ['instructor'] });
    const course = await createPublishedCourse(
      'quiz-api-translations',
      [{ kind: 'quiz', title: 'Routing check' }],
      [String(instructor._id)],
    );
    const question = course.modules[0]!.quiz!.questions[0]!;
    await CourseModel.updateOne(
      { slug: 'quiz-api-translations' },
      {
        $set: {
          'draft.modules.0.quiz.questions.0.translations': {
            pt: { prompt: 'Quantos bits tem um endereço IPv6?', options: ['Trinta e dois', ''] },
          },
        },
      },
    );
    const api = await apiLogin(campus.app, { email: instructor.email, password: testPassword });
    const path = `/api/v1/authoring/courses/quiz-api-translations/modules/${course.modules[0]!._id}/questions/${question._id}`;
    const original = {
      kind: 'single',
      prompt: 'How many bits are in an IPv6 address?',
      options: [
        { text: '32', correct: false },
        { text: '128', correct: true },
      ],
    };
    await api.agent.put(path).set('x-csrf-token', api.csrf).send(original).expect(200);
    const stored = async () =>
      (await CourseModel.findOne({ slug: 'quiz-api-translations' }).lean())!.draft.modules[0]!.quiz!
        .questions[0]!;
    expect((await stored()).prompt).toBe('How many bits are in an IPv6 address?');
    expect((await stored()).translations?.pt).toMatchObject({
      prompt: 'Quantos bits tem um endereço IPv6?',
    });
    await api.agent
      .put(path)
      .set('x-csrf-token', api.csrf)
      .send({ ...original, translations: { es: { prompt: '¿Cuántos bits?' } } })
      .expect(200);
    expect((await stored()).translations?.pt).toBeUndefined();
    expect((await stored()).translations?.es).toMatchObject({ prompt: '¿Cuántos bits?' });
  });

  test('removing a question asks for its tick first', async () => {
    const { agent, course, page } = await instructorWithQuiz('quiz-remove-tick');
    const question = String(course.modules[0]!.quiz!.questions[0]!._id);
    const left = async () =>
      (await CourseModel.findOne({
        slug: 'quiz-remove-tick',
      }).lean())!.draft.modules[0]!.quiz!.questions.map((stored) => String(stored._id));
    await postRows(agent, page, `${page}/questions/${question}/remove`, []);
    expect(await left()).toContain(question);
    await postRows(agent, page, `${page}/questions/${question}/remove`, [['confirm', 'yes']]);
    expect(await left()).not.toContain(question);
  });

  test('a student reads the quiz in their language, may answer a short question in its words, and sees the answers in it', async () => {
    const { course } = await instructorWithQuiz('quiz-read-pt');
    const [single, short] = course.modules[0]!.quiz!.questions;
    await CourseModel.updateOne(
      { slug: 'quiz-read-pt' },
      {
        $set: {
          'modules.0.quiz.questions.0.translations': {
            pt: {
              prompt: 'Quantos bits tem um endereço IPv6?',
              options: ['', 'Cento e vinte e oito'],
            },
          },
          'modules.0.quiz.questions.1.translations': {
            pt: { prompt: 'O endereço de loopback?', acceptedAnswers: ['endereço de loopback'] },
          },
        },
      },
    );
    const student = await createTestUser({ language: 'pt' });
    const api = await apiLogin(campus.app, { email: student.email, password: testPassword });
    await api.agent
      .put('/api/v1/me/enrollments/quiz-read-pt')
      .set('x-csrf-token', api.csrf)
      .expect(200);
    const quizPage = `/learn/quiz-read-pt/modules/${course.modules[0]!._id}`;
    const html = new JSDOM((await api.agent.get(quizPage).expect(200)).text).window.document;
    const legends = [...html.querySelectorAll('.quiz-form legend')].map(
      (legend) => legend.textContent,
    );
    expect(legends.join(' ')).toContain('Quantos bits tem um endereço IPv6?');
    const labels = [...html.querySelectorAll('.quiz-form .choice label')].map(
      (label) => label.textContent,
    );
    // A blank translated option shows the original's text.
    expect(labels.sort()).toEqual(['32', 'Cento e vinte e oito']);

    const attempt = await api.agent
      .post(`/api/v1/me/courses/quiz-read-pt/modules/${course.modules[0]!._id}/quiz-attempts`)
      .set('x-csrf-token', api.csrf)
      .send({
        answers: {
          [String(single!._id)]: String(single!.options.find((option) => option.correct)!._id),
          [String(short!._id)]: '  Endereço de  LOOPBACK ',
        },
      })
      .expect(201);
    expect(attempt.body.attempt).toMatchObject({ score: 100, passed: true });
    expect(attempt.body.quiz.correctAnswers).toEqual({
      [String(single!._id)]: ['Cento e vinte e oito'],
      // The short answer as its first wording, not every spelling it accepts.
      [String(short!._id)]: ['endereço de loopback'],
    });

    // A Spanish reader gets the English original, marked as English.
    const reader = await createTestUser({ language: 'es' });
    const other = await apiLogin(campus.app, { email: reader.email, password: testPassword });
    await other.agent
      .put('/api/v1/me/enrollments/quiz-read-pt')
      .set('x-csrf-token', other.csrf)
      .expect(200);
    const spanish = (await other.agent.get(quizPage).expect(200)).text;
    expect(spanish).toContain('<span lang="en">How many bits in an IPv6 address?</span>');
  });
});
