// Completion of courses, levels and specializations: the rules, then each edge case on the real
// database with the real jobs.
import { Types } from 'mongoose';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { CompletionModel } from '../../courses/completion/completion.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import {
  isCourseComplete,
  isLevelComplete,
  isSpecializationComplete,
} from '../../courses/completion/completion-rules';
import { enrollInCourse, unenrollFromCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { submitQuizAttempt } from '../../courses/quizzes/quiz.service';
import { apiLogin } from '../support/http';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

describe('completion rules', () => {
  const modules = [
    { id: 'a', required: true },
    { id: 'b', required: true },
    { id: 'c', required: false },
  ];
  test('a course is complete when every required module is, whatever the optional ones', () => {
    expect(isCourseComplete(modules, new Set(['a', 'b']))).toBe(true);
    expect(isCourseComplete(modules, new Set(['a', 'c']))).toBe(false);
  });
  test('progress on modules no longer in the version does not count, and does not hurt', () => {
    expect(isCourseComplete(modules, new Set(['a', 'b', 'removed']))).toBe(true);
    expect(isCourseComplete(modules, new Set(['a', 'removed']))).toBe(false);
  });
  test('a course with nothing required never completes by doing nothing', () => {
    expect(isCourseComplete([{ id: 'c', required: false }], new Set())).toBe(false);
  });
  test('a level needs every course; an empty level is never complete', () => {
    expect(isLevelComplete(['x', 'y'], new Set(['x', 'y']))).toBe(true);
    expect(isLevelComplete(['x', 'y'], new Set(['x']))).toBe(false);
    expect(isLevelComplete([], new Set(['x']))).toBe(false);
  });
  test('a specialization needs every level with courses; empty levels do not block', () => {
    const levels = [
      { key: 'basic', courseIds: ['x'] },
      { key: 'intermediate', courseIds: ['y'] },
      { key: 'advanced', courseIds: [] },
    ];
    expect(isSpecializationComplete(levels, new Set(['basic', 'intermediate']))).toBe(true);
    expect(isSpecializationComplete(levels, new Set(['basic']))).toBe(false);
    expect(isSpecializationComplete([{ key: 'basic', courseIds: [] }], new Set())).toBe(false);
  });
});

describe('completion on the real campus', () => {
  let campus: TestCampus;
  beforeAll(async () => {
    campus = await startTestCampus();
    campus.startWorker();
  });
  afterAll(() => campus.close());

  let counter = 0;
  const uniqueSlug = (name: string) => `${name}-${++counter}`;
  const context = () => campus.context;

  async function enrolledStudent(...slugs: string[]) {
    const student = await createTestUser();
    for (const slug of slugs) await enrollInCourse(context(), student.id as string, slug);
    return student.id as string;
  }
  const moduleIds = async (slug: string) =>
    ((await CourseModel.findOne({ slug }).lean())!.modules as { _id: Types.ObjectId }[]).map(
      (module) => String(module._id),
    );
  const completionKeys = async (studentId: string) =>
    (await CompletionModel.find({ student: studentId }).lean()).map((c) => c.scope).sort();

  test('when a student finishes every required lesson, the course completes once, with its date and version', async () => {
    const slug = uniqueSlug('lessons');
    await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'One' },
      { kind: 'lesson', title: 'Extra', required: false },
      { kind: 'lesson', title: 'Two' },
    ]);
    const student = await enrolledStudent(slug);
    const [one, , two] = await moduleIds(slug);
    expect((await markModuleDone(context(), student, slug, one!)).courseCompleted).toBe(false);
    const done = await markModuleDone(context(), student, slug, two!);
    expect(done).toEqual({
      progress: { done: 2, total: 2, percent: 100 },
      courseCompleted: true,
      moduleTitle: 'Two',
    });
    // Marking again changes nothing: one completion, the first date.
    const first = await CompletionModel.findOne({ student }).lean();
    await markModuleDone(context(), student, slug, two!);
    const all = await CompletionModel.find({ student }).lean();
    expect(all).toHaveLength(1);
    expect(all[0]!.completedAt).toEqual(first!.completedAt);
    expect(all[0]!.courseVersion).toBe(1);
  });

  test('version change: a module removed in v2 no longer counts, so a student missing only it completes; one added does not undo a recorded completion', async () => {
    const instructor = await createTestUser({ roles: ['instructor'] });
    const slug = uniqueSlug('versioned');
    await createPublishedCourse(
      slug,
      [
        { kind: 'lesson', title: 'Keep' },
        { kind: 'lesson', title: 'Drop' },
      ],
      [instructor.id as string],
    );
    const [keep, drop] = await moduleIds(slug);
    const finisher = await enrolledStudent(slug);
    await markModuleDone(context(), finisher, slug, keep!);
    await markModuleDone(context(), finisher, slug, drop!);
    const almost = await enrolledStudent(slug);
    await markModuleDone(context(), almost, slug, keep!);
    expect(await completionKeys(almost)).toEqual([]);

    const { agent, csrf } = await apiLogin(campus.app, {
      email: instructor.email,
      password: testPassword,
    });
    const api = (method: 'post' | 'delete', path: string, body?: object) =>
      agent[method](`/api/v1/authoring/courses/${slug}${path}`)
        .set('x-csrf-token', csrf)
        .send(body ?? {});
    await api('delete', `/modules/${drop}`).expect(204);
    await api('post', '/modules', { kind: 'lesson', title: 'New', markdown: 'New' }).expect(201);
    await api('post', '/publish').expect(200);
    await campus.drainJobs();

    // "almost" did Keep; v2 requires Keep and New: still not complete.
    expect(await completionKeys(almost)).toEqual([]);
    // The finisher's completion of v1 stands, dated and versioned.
    const kept = await CompletionModel.find({ student: finisher }).lean();
    expect(kept.map((c) => c.courseVersion)).toEqual([1]);

    // Now remove New again in v3: "almost" has done all that v3 requires.
    const added = String((await CourseModel.findOne({ slug }).lean())!.draft.modules[1]!._id);
    await api('delete', `/modules/${added}`).expect(204);
    await api('post', '/publish').expect(200);
    await campus.drainJobs();
    const completed = await CompletionModel.find({ student: almost }).lean();
    expect(completed.map((c) => [c.scope, c.courseVersion, c.recordedVia])).toEqual([
      ['course', 3, 'recompute'],
    ]);
  });

  test('a course moved out of a level completes the level for students who had done the rest', async () => {
    const admin = await createTestUser({ roles: ['admin'] });
    const a = await createPublishedCourse(uniqueSlug('level-a'), [{ kind: 'lesson', title: 'A' }]);
    const b = await createPublishedCourse(uniqueSlug('level-b'), [{ kind: 'lesson', title: 'B' }]);
    const specialization = await createSpecialization(uniqueSlug('spec-move'), [
      { key: 'basic', courses: [a._id, b._id] },
      { key: 'intermediate', courses: [] },
    ]);
    const student = await enrolledStudent(a.slug);
    await markModuleDone(context(), student, a.slug, String(a.modules[0]!._id));
    await campus.drainJobs();
    expect(await completionKeys(student)).toEqual(['course']);

    const { agent, csrf } = await apiLogin(campus.app, {
      email: admin.email,
      password: testPassword,
    });
    await agent
      .put(`/api/v1/authoring/courses/${b.slug}/placement`)
      .set('x-csrf-token', csrf)
      .send({ specialization: specialization.slug, level: 'intermediate' })
      .expect(200);
    await campus.drainJobs();
    // Basic now holds only A, which the student completed; intermediate (B) is still to do.
    expect(await completionKeys(student)).toEqual(['course', 'level']);
    const level = await CompletionModel.findOne({ student, scope: 'level' }).lean();
    expect(level!.level).toBe('basic');
  });

  test('completing every level completes the specialization, through the completion event', async () => {
    const a = await createPublishedCourse(uniqueSlug('spec-a'), [{ kind: 'lesson', title: 'A' }]);
    const b = await createPublishedCourse(uniqueSlug('spec-b'), [{ kind: 'lesson', title: 'B' }]);
    await createSpecialization(uniqueSlug('spec-full'), [
      { key: 'basic', courses: [a._id] },
      { key: 'intermediate', courses: [b._id] },
    ]);
    const student = await enrolledStudent(a.slug, b.slug);
    await markModuleDone(context(), student, a.slug, String(a.modules[0]!._id));
    await campus.drainJobs();
    expect(await completionKeys(student)).toEqual(['course', 'level']);
    await markModuleDone(context(), student, b.slug, String(b.modules[0]!._id));
    await campus.drainJobs();
    expect(await completionKeys(student)).toEqual([
      'course',
      'course',
      'level',
      'level',
      'specialization',
    ]);
  });

  test('a quiz retaken after a pass keeps the module done and the best score, even when the retake fails', async () => {
    const slug = uniqueSlug('quiz-retake');
    const course = await createPublishedCourse(slug, [
      { kind: 'quiz', title: 'Check', maxAttempts: 3 },
    ]);
    // Score only: a pass shows no answers, so a student may retake it to better their score.
    await CourseModel.updateOne({ slug }, { $set: { 'modules.0.quiz.feedback': 'score-only' } });
    const quiz = course.modules[0]!;
    const [single, short] = quiz.quiz!.questions;
    const right = {
      [String(single!._id)]: String(single!.options.find((o) => o.correct)!._id),
      [String(short!._id)]: ' ::1 ',
    };
    const wrong = { [String(single!._id)]: String(single!.options.find((o) => !o.correct)!._id) };
    const student = await enrolledStudent(slug);

    const pass = await submitQuizAttempt(context(), student, slug, String(quiz._id), right, 'en');
    expect(pass.attempt).toMatchObject({ number: 1, score: 100, passed: true });
    expect(pass.courseCompleted).toBe(true);
    const retake = await submitQuizAttempt(
      context(),
      student,
      slug,
      String(quiz._id),
      wrong,
      'en',
      {
        allowUnanswered: true,
      },
    );
    expect(retake.attempt).toMatchObject({ number: 2, score: 0, passed: false });
    expect(retake.quiz).toMatchObject({ passed: true, bestScore: 100, attemptsLeft: 1 });
    const row = await ModuleProgressModel.findOne({ student, module: quiz._id }).lean();
    expect(row).toMatchObject({ bestScore: 100, completedVia: 'quiz' });
    expect(row!.completedAt).toBeInstanceOf(Date);
    expect(await completionKeys(student)).toEqual(['course']);
  });

  test('a pass that shows the answers closes the quiz: no retake could copy them', async () => {
    const slug = uniqueSlug('quiz-closed');
    const course = await createPublishedCourse(slug, [
      { kind: 'quiz', title: 'Check', maxAttempts: 3 },
    ]);
    const quiz = course.modules[0]!;
    const [single, short] = quiz.quiz!.questions;
    const right = {
      [String(single!._id)]: String(single!.options.find((o) => o.correct)!._id),
      [String(short!._id)]: '::1',
    };
    const student = await enrolledStudent(slug);
    const pass = await submitQuizAttempt(context(), student, slug, String(quiz._id), right, 'en');
    expect(pass.quiz).toMatchObject({ passed: true, canAttempt: false, attemptsLeft: 2 });
    expect(pass.quiz.correctAnswers).toEqual({
      [String(single!._id)]: ['128'],
      [String(short!._id)]: ['::1'],
    });
    await expect(
      submitQuizAttempt(context(), student, slug, String(quiz._id), right, 'en'),
    ).rejects.toMatchObject({ code: 'quiz_passed', status: 409 });
  });

  test('unenroll and re-enroll: a student who left does not complete; coming back with the work done completes at once', async () => {
    const slug = uniqueSlug('come-back');
    await createPublishedCourse(slug, [
      { kind: 'lesson', title: 'One' },
      { kind: 'lesson', title: 'Two' },
    ]);
    const [one, two] = await moduleIds(slug);
    const student = await enrolledStudent(slug);
    await markModuleDone(context(), student, slug, one!);
    await unenrollFromCourse(context(), student, slug);
    // Not enrolled: the module cannot be done.
    await expect(markModuleDone(context(), student, slug, two!)).rejects.toMatchObject({
      code: 'not_enrolled',
    });
    // Progress made before was kept. Pretend the other module was done before leaving too (a row
    // written by another path, e.g. an import): a return reads it from the progress rows.
    await ModuleProgressModel.create({
      student,
      course: (await CourseModel.findOne({ slug }))!._id,
      module: two,
      completedAt: new Date(),
      completedVia: 'student',
    });
    expect(await completionKeys(student)).toEqual([]);
    await enrollInCourse(context(), student, slug);
    expect(await completionKeys(student)).toEqual(['course']);
  });

  test('attendance override: a student the instructor marks present gets the live session; one marked absent does not', async () => {
    const instructor = await createTestUser({ roles: ['instructor'] });
    const slug = uniqueSlug('live');
    const course = await createPublishedCourse(
      slug,
      [
        { kind: 'lesson', title: 'Before' },
        { kind: 'live_session', title: 'Tutorial' },
      ],
      [instructor.id as string],
    );
    const [lesson, session] = course.modules.map((m) => String(m._id));
    const student = await enrolledStudent(slug);
    const other = await enrolledStudent(slug);
    await markModuleDone(context(), student, slug, lesson!);
    // A student cannot mark a live session done by hand.
    await expect(markModuleDone(context(), student, slug, session!)).rejects.toMatchObject({
      status: 422,
    });

    const { agent, csrf } = await apiLogin(campus.app, {
      email: instructor.email,
      password: testPassword,
    });
    const mark = (studentId: string, present: boolean) =>
      agent
        .put(`/api/v1/authoring/courses/${slug}/live-sessions/${session}/attendance/${studentId}`)
        .set('x-csrf-token', csrf)
        .send({ present, note: 'Seen in the room' });
    const marked = await mark(student, true).expect(200);
    expect(marked.body.student).toMatchObject({ attended: true, override: { present: true } });
    expect(await completionKeys(student)).toEqual(['course']);

    await mark(other, false).expect(200);
    const roster = await agent
      .get(`/api/v1/authoring/courses/${slug}/live-sessions/${session}/attendance`)
      .expect(200);
    expect(
      roster.body.roster.students.map((s: { studentId: string; attended: boolean }) => [
        s.studentId,
        s.attended,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [student, true],
        [other, false],
      ]),
    );
    expect(
      await AuditEntryModel.countDocuments({ action: 'attendance.override', actor: instructor.id }),
    ).toBe(2);

    // Another course's instructor cannot mark anyone.
    const stranger = await createTestUser({ roles: ['instructor'] });
    const strangerClient = await apiLogin(campus.app, {
      email: stranger.email,
      password: testPassword,
    });
    await strangerClient.agent
      .put(`/api/v1/authoring/courses/${slug}/live-sessions/${session}/attendance/${other}`)
      .set('x-csrf-token', strangerClient.csrf)
      .send({ present: true })
      .expect(403);
    expect(await completionKeys(other)).toEqual([]);
  });

  test('an admin recompute is idempotent, re-announces a lost completion event, and leaves an audit trail', async () => {
    const admin = await createTestUser({ roles: ['admin'] });
    const slug = uniqueSlug('recompute');
    const course = await createPublishedCourse(slug, [{ kind: 'lesson', title: 'Only' }]);
    const student = await enrolledStudent(slug);
    // Progress written behind the service's back (an import, a lost event): nothing recorded yet.
    await ModuleProgressModel.create({
      student,
      course: course._id,
      module: course.modules[0]!._id,
      completedAt: new Date(),
      completedVia: 'student',
    });
    const { agent, csrf } = await apiLogin(campus.app, {
      email: admin.email,
      password: testPassword,
    });
    const recompute = () =>
      agent
        .post(`/api/v1/students/${student}/completion/recompute`)
        .set('x-csrf-token', csrf)
        .send({});
    const first = await recompute().expect(200);
    expect(first.body.added.map((c: { scope: string }) => c.scope)).toEqual(['course']);
    const second = await recompute().expect(200);
    expect(second.body.added).toEqual([]);
    expect(await CompletionModel.countDocuments({ student })).toBe(1);

    // A completion whose event never got queued is announced again by the next check.
    await CompletionModel.updateOne({ student }, { $unset: { announcedAt: 1 } });
    await recompute().expect(200);
    expect((await CompletionModel.findOne({ student }).lean())!.announcedAt).toBeInstanceOf(Date);

    const record = await agent.get(`/api/v1/students/${student}/progress`).expect(200);
    expect(record.body.record.audit).toHaveLength(3);
    expect(record.body.record.audit[0]).toMatchObject({
      action: 'completion.recomputed',
      actor: { id: admin.id },
    });
  });
});
