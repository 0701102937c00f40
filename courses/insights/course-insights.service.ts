// An instructor's view of their own course: how many are enrolled and finished, how far people
// get module by module (drop-off), and for each quiz its pass rate and hardest questions. It reads
// only courses' own records, so it lives here; admin's report pages show it.
import type { Types } from 'mongoose';
import { loadEditableCourse, type Actor } from '../authoring/course-access';
import type { CourseModule } from '../catalog/course.model';
import { CompletionModel } from '../completion/completion.model';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { ModuleProgressModel } from '../progress/module-progress.model';
import { QuizAttemptModel } from '../quizzes/quiz-attempt.model';

export interface CourseInsights {
  course: { slug: string; title: string };
  enrolled: number;
  completed: number;
  modules: Array<{ title: string; kind: string; done: number }>;
  quizzes: Array<{
    title: string;
    students: number;
    passed: number;
    hardest: Array<{ prompt: string; wrongShare: number; answers: number }>;
  }>;
}

export async function getCourseInsights(actor: Actor, slug: string): Promise<CourseInsights> {
  const course = await loadEditableCourse(actor, slug);
  const modules = course.modules as unknown as CourseModule[];
  const [enrolled, completed, done, quizzes] = await Promise.all([
    EnrollmentModel.countDocuments({ course: course._id, status: 'active' }),
    CompletionModel.countDocuments({ course: course._id, scope: 'course' }),
    Promise.all(
      modules.map((module) =>
        ModuleProgressModel.countDocuments({
          course: course._id,
          module: module._id,
          completedAt: { $exists: true },
        }),
      ),
    ),
    Promise.all(
      modules
        .filter((module) => module.kind === 'quiz' && module.quiz)
        .map((module) => quizInsights(course._id, module)),
    ),
  ]);
  return {
    course: { slug: course.slug, title: course.title },
    enrolled,
    completed,
    modules: modules.map((module, index) => ({
      title: module.title,
      kind: module.kind,
      done: done[index] ?? 0,
    })),
    quizzes,
  };
}

async function quizInsights(courseId: Types.ObjectId, module: CourseModule) {
  const attempts = await QuizAttemptModel.find({ course: courseId, module: module._id })
    .select('student passed results')
    .lean();
  const students = new Set(attempts.map((attempt) => String(attempt.student)));
  const passed = new Set(
    attempts.filter((attempt) => attempt.passed).map((attempt) => String(attempt.student)),
  );
  const questions = (module.quiz?.questions ?? []) as Array<{ _id?: unknown; prompt: string }>;
  const hardest = questions
    .map((question) => {
      const id = String(question._id);
      const answered = attempts.filter(
        (attempt) => id in ((attempt.results as Record<string, boolean>) ?? {}),
      );
      const wrong = answered.filter(
        (attempt) => !(attempt.results as Record<string, boolean>)[id],
      ).length;
      return {
        prompt: question.prompt,
        answers: answered.length,
        wrongShare: answered.length ? wrong / answered.length : 0,
      };
    })
    .filter((question) => question.answers > 0 && question.wrongShare > 0)
    .sort((a, b) => b.wrongShare - a.wrongShare)
    .slice(0, 3);
  return { title: module.title, students: students.size, passed: passed.size, hardest };
}
