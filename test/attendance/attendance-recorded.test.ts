// attendance.recorded: the attendance component says what it measured; courses, the one writer of
// module progress, credits it (time raised, never lowered; the module completed for those present
// unless an instructor decided otherwise) and then checks their course completions.
import { Types } from 'mongoose';
import { CompletionModel } from '../../courses/completion/completion.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { createPublishedCourse, createTestUser, enrollTestStudent } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

describe('attendance recorded', () => {
  test('when attendance is recorded (and said again), the present student’s module and course complete once; an instructor’s “absent” wins; time is never lowered', async () => {
    const course = await createPublishedCourse('recorded-webinar', [
      { kind: 'live_session', title: 'Webinar', startsAt: new Date('2026-11-20T14:00:00Z') },
    ]);
    const moduleId = String(course.modules[0]!._id);
    const [present, overridden, late] = await Promise.all(
      ['present', 'overridden', 'late'].map(() => createTestUser()),
    );
    for (const student of [present!, overridden!, late!])
      await enrollTestStudent(student._id, course._id);
    // The instructor marked this one absent before any data arrived.
    await ModuleProgressModel.create({
      student: overridden!._id,
      course: course._id,
      module: new Types.ObjectId(moduleId),
      attendanceOverride: { present: false, by: new Types.ObjectId(), at: new Date(), note: '' },
    });

    const recorded = (minutes: number) => ({
      moduleId,
      courseId: String(course._id),
      studentIds: [present!, overridden!, late!].map((student) => String(student._id)),
      attendance: [
        { studentId: String(present!._id), minutes, share: minutes / 60, present: true },
        { studentId: String(overridden!._id), minutes: 60, share: 1, present: true },
        { studentId: String(late!._id), minutes: 10, share: 10 / 60, present: false },
      ],
    });
    await campus.context.events.publish('attendance.recorded', `${moduleId}:first`, recorded(55));
    await campus.context.events.publish('attendance.recorded', `${moduleId}:first`, recorded(55));
    await campus.context.events.publish('attendance.recorded', `${moduleId}:later`, recorded(20));
    await campus.drainJobs();

    const rows = await ModuleProgressModel.find({ module: moduleId }).lean();
    const rowOf = (student: { _id: Types.ObjectId }) =>
      rows.find((row) => row.student.equals(student._id));
    expect(rows).toHaveLength(3);
    expect(rowOf(present!)).toMatchObject({ attendedMinutes: 55, completedVia: 'attendance' });
    expect(rowOf(present!)!.completedAt).toBeInstanceOf(Date);
    expect(rowOf(overridden!)!.completedAt).toBeUndefined();
    expect(rowOf(late!)).toMatchObject({ attendedMinutes: 10 });
    expect(rowOf(late!)!.completedAt).toBeUndefined();

    const completions = await CompletionModel.find({ course: course._id }).lean();
    expect(completions.map((completion) => String(completion.student))).toEqual([
      String(present!._id),
    ]);
  });
});
