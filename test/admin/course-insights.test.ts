import { QuizAttemptModel } from '../../courses/quizzes/quiz-attempt.model';
import { markModuleDone } from '../../courses/progress/progress.service';
import { submitQuizAttempt } from '../../courses/quizzes/quiz.service';
import {
  createPublishedCourse,
  createTestUser,
  testPassword,
  enrollTestStudent,
} from '../support/factories';
import { browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

test('the course’s instructor sees drop-off per module, quiz pass rates and the hardest question; another instructor gets 403', async () => {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(
    'insight-course',
    [
      { kind: 'lesson', title: 'Why RPKI' },
      { kind: 'quiz', title: 'RPKI check', passScore: 100, maxAttempts: 3 },
    ],
    [String(instructor._id)],
  );
  const [lesson, quiz] = course.modules as unknown as Array<{
    _id: unknown;
    quiz?: {
      questions: Array<{ _id: unknown; options: Array<{ _id: unknown; correct: boolean }> }>;
    };
  }>;
  const questions = quiz!.quiz!.questions;
  const context = campus.context;
  for (const [index, right] of [true, false, null].entries()) {
    const student = await createTestUser();
    await enrollTestStudent(student._id, course._id);
    if (right === null) continue; // enrolled, never started
    await markModuleDone(context, String(student._id), course.slug, String(lesson!._id));
    const choice = questions[0]!.options.find((option) => option.correct)!;
    await submitQuizAttempt(
      context,
      String(student._id),
      course.slug,
      String(quiz!._id),
      {
        [String(questions[0]!._id)]: [String(choice._id)],
        [String(questions[1]!._id)]: right ? '::1' : `127.0.0.${index}`,
      },
      'en',
    );
  }
  expect(await QuizAttemptModel.countDocuments({ course: course._id })).toBe(2);

  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: instructor.email, password: testPassword });
  const page = await agent.get(`/teach/courses/${course.slug}/insights`).expect(200);
  expect(page.text).toContain('3 enrolled');
  expect(page.text).toContain('<svg');
  expect(page.text).toMatch(/1\. Why RPKI<\/td><td>Lesson<\/td><td>2</);
  expect(page.text).toContain('1 of 2 students who tried passed (50%)');
  expect(page.text).toContain('The loopback address? — answered wrong 50% of 2 times');

  const other = await createTestUser({ roles: ['instructor'] });
  const otherAgent = browser(campus.app);
  await submitForm(otherAgent, '/login', '/login', { email: other.email, password: testPassword });
  await otherAgent.get(`/teach/courses/${course.slug}/insights`).expect(403);
});
