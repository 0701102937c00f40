import type { Types } from 'mongoose';
import { AttendanceRowModel } from '../../attendance/attendance-row.model';
import { readAttendanceCsv } from '../../attendance/csv-attendance';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { translateMessage, translatorFor } from '../../i18n';
import { type AppError, wordError } from '../../platform/errors';
import {
  createPublishedCourse,
  createTestUser,
  testPassword,
  enrollTestStudent,
} from '../support/factories';
import { apiLogin, browser, csrfFrom, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

/** The file's problem as an English reader sees it. */
const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return wordError('en', error as AppError).fields.file;
  }
  throw new Error('expected a refusal');
};

describe('reading an attendance CSV', () => {
  test('Zoom’s own export with a BOM and semicolons, its US dates read in the chosen time zone', () => {
    const csv =
      '\uFEFFName (Original Name);User Email;Join Time;Leave Time;Duration (Minutes)\n' +
      'Ana Souza;ana@example.org;11/20/2026 02:00:00 PM;11/20/2026 02:50:00 PM;50\n';
    const { rows, problems } = readAttendanceCsv(csv, 'America/Montevideo');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'Ana Souza',
        email: 'ana@example.org',
        joinAt: new Date('2026-11-20T17:00:00Z'),
        leaveAt: new Date('2026-11-20T17:50:00Z'),
      }),
    ]);
  });

  test('Zoom’s Spanish and Portuguese exports and a typed sheet with accented headers are read too', () => {
    for (const header of [
      'Nombre (nombre original),Correo electrónico del usuario,Hora de ingreso,Hora de salida,Duración (minutos)',
      'Nome (nome original),E-mail do usuário,Horário de entrada,Horário de saída,Duração (minutos)',
      'Nombre,Correo,Hora de entrada,Hora de salida',
    ]) {
      const csv = `${header}\nAna Souza,ana@example.org,2026-11-20 14:00,2026-11-20 14:50,50\n`;
      const { rows, problems } = readAttendanceCsv(csv, 'America/Montevideo');
      expect(problems).toEqual([]);
      expect(rows).toEqual([
        expect.objectContaining({
          name: 'Ana Souza',
          email: 'ana@example.org',
          joinAt: new Date('2026-11-20T17:00:00Z'),
          leaveAt: new Date('2026-11-20T17:50:00Z'),
        }),
      ]);
    }
  });

  test('slashed dates are read in the file’s own order: day first in a Spanish export, or wherever a day past 12 shows it', () => {
    const joinOf = (csv: string) => {
      const { rows, problems } = readAttendanceCsv(csv, 'UTC');
      expect(problems).toEqual([]);
      return rows.map((row) => row.joinAt.toISOString());
    };
    // Spanish column names, and 05/11 could be read both ways: 5 November.
    expect(
      joinOf(
        'Nombre,Correo,Hora de ingreso,Hora de salida\n' +
          'Ana,ana@example.org,05/11/2026 14:00:00,05/11/2026 14:50:00\n',
      ),
    ).toEqual(['2026-11-05T14:00:00.000Z']);
    // English column names, but 25/11 can only be day first: every row reads so.
    expect(
      joinOf(
        'Name,Email,Join Time,Leave Time\n' +
          'Ana,ana@example.org,05/11/2026 14:00,05/11/2026 14:50\n' +
          'Bea,bea@example.org,25/11/2026 09:00,25/11/2026 10:00\n',
      ),
    ).toEqual(['2026-11-05T14:00:00.000Z', '2026-11-25T09:00:00.000Z']);
    // English names and nothing to tell: Zoom's US order, month first (11 May).
    expect(
      joinOf(
        'Name,Email,Join Time,Leave Time\nAna,ana@example.org,05/11/2026 02:00:00 PM,05/11/2026 02:50:00 PM\n',
      ),
    ).toEqual(['2026-05-11T14:00:00.000Z']);
    // The same file for a session held on 5 November (a British export, say): day first.
    const british = readAttendanceCsv(
      'Name,Email,Join Time,Leave Time\nAna,ana@example.org,05/11/2026 14:00,05/11/2026 14:50\n',
      'UTC',
      new Date('2026-11-05T13:55:00Z'),
    );
    expect(british.rows.map((row) => row.joinAt.toISOString())).toEqual([
      '2026-11-05T14:00:00.000Z',
    ]);
  });

  test('every bad row is named with its line; structural problems refuse the file', () => {
    const csv = [
      'name,email,join,leave',
      'Ana,ana@example.org,2026-11-20T14:00:00Z,2026-11-20T15:00:00Z',
      'Bea,,yesterday,2026-11-20T15:00:00Z',
      'Caio,caio@example.org,2026-11-20 15:00,2026-11-20 14:00',
      ',,2026-11-20 14:00,2026-11-20 15:00',
      'Dan,not-an-email,2026-11-20 14:00,2026-11-20 15:00',
    ].join('\n');
    const inEnglish = translatorFor('en');
    const problems = readAttendanceCsv(csv, 'UTC').problems.map(({ line, message }) => ({
      line,
      message: translateMessage(inEnglish, message),
    }));
    expect(problems).toEqual([
      { line: 3, message: 'join “yesterday” is not a date and time' },
      { line: 4, message: 'leave is before join' },
      { line: 5, message: 'no name and no email' },
      { line: 6, message: '“not-an-email” is not an email address' },
    ]);
    expect(problemOf(() => readAttendanceCsv('student,minutes\nAna,50\n', 'UTC'))).toMatch(
      /needs a name or email column.*columns are: student, minutes/,
    );
    const huge = 'name,join,leave\n' + 'x,2026-11-20 14:00,2026-11-20 15:00\n'.repeat(100_000);
    expect(problemOf(() => readAttendanceCsv(huge, 'UTC'))).toMatch(
      /at most 20000 can be imported/,
    );
    expect(problemOf(() => readAttendanceCsv('name,join,leave\n"Ana,2026', 'UTC'))).toMatch(
      /not a readable CSV/,
    );
  });
});

describe('importing a CSV into a live session', () => {
  let campus: TestCampus;
  let slug: string;
  let moduleId: string;
  let ana: { _id: Types.ObjectId; email: string };
  let instructorEmail: string;
  const csv = [
    'name,email,join,leave',
    'Ana Souza,ANA.CSV@example.org,2026-11-20T14:00:00Z,2026-11-20T14:30:00Z',
    'Ana Souza,ana.csv@example.org,2026-11-20T14:25:00Z,2026-11-20T15:00:00Z',
    'Visitor,,2026-11-20T14:00:00Z,2026-11-20T15:00:00Z',
  ].join('\n');

  beforeAll(async () => {
    campus = await startTestCampus();
    campus.startWorker();
    const instructor = await createTestUser({ roles: ['instructor'] });
    instructorEmail = instructor.email;
    const course = await createPublishedCourse(
      'csv-import',
      [
        {
          kind: 'live_session',
          title: 'Tutorial (in person)',
          startsAt: new Date('2026-11-20T14:00:00Z'),
          durationMinutes: 60,
        },
      ],
      [String(instructor._id)],
    );
    slug = course.slug;
    moduleId = String(course.modules[0]!._id);
    ana = await createTestUser({ displayName: 'Ana Souza', email: 'ana.csv@example.org' });
    await enrollTestStudent(ana._id, course._id);
  });
  afterAll(() => campus.close());

  test('the API previews without storing, imports once, and a file with a bad row stores nothing', async () => {
    const api = await apiLogin(campus.app, { email: instructorEmail, password: testPassword });
    const path = `/api/v1/authoring/courses/${slug}/live-sessions/${moduleId}/attendance-imports`;
    const preview = await api.agent
      .post(`${path}?preview=true`)
      .set('x-csrf-token', api.csrf)
      .attach('file', Buffer.from(csv), 'attendance.csv')
      .expect(200);
    expect(preview.body.preview.people).toEqual([
      expect.objectContaining({
        name: 'Ana Souza',
        minutes: 60,
        present: true,
        credits: 'Ana Souza',
        how: 'email',
      }),
      expect.objectContaining({ name: 'Visitor', how: 'unmatched', credits: null }),
    ]);
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(0);

    const bad = await api.agent
      .post(path)
      .set('x-csrf-token', api.csrf)
      .attach('file', Buffer.from(`${csv}\nBea,,soon,later`), 'attendance.csv')
      .expect(422);
    expect(bad.body.errors[0]).toMatchObject({
      field: 'file',
      message: expect.stringContaining('line 5'),
    });
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(0);

    const imported = await api.agent
      .post(path)
      .set('x-csrf-token', api.csrf)
      .attach('file', Buffer.from(csv), 'attendance.csv')
      .expect(200);
    expect(imported.body.imported).toMatchObject({ stored: 3, present: 1, unmatched: 1 });
    expect(
      await ModuleProgressModel.findOne({ student: ana._id, module: moduleId }).lean(),
    ).toMatchObject({ completedVia: 'attendance', attendedMinutes: 60 });
    const again = await api.agent
      .post(path)
      .set('x-csrf-token', api.csrf)
      .attach('file', Buffer.from(csv), 'attendance.csv')
      .expect(200);
    expect(again.body.imported.stored).toBe(0);
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(3);

    const student = await apiLogin(campus.app, { email: ana.email, password: testPassword });
    await student.agent
      .post(path)
      .set('x-csrf-token', student.csrf)
      .attach('file', Buffer.from(csv), 'a.csv')
      .expect(403);
  });

  test('the page shows the preview, then imports what was previewed', async () => {
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: instructorEmail, password: testPassword });
    const page = `/teach/courses/${slug}/live-sessions/${moduleId}/import`;
    const csrf = await csrfFrom(agent, page);
    const other = csv.replace('Visitor', 'Walk-in guest');
    const preview = await agent
      .post(`${page}?_csrf=${encodeURIComponent(csrf)}`)
      .field('timezone', 'UTC')
      .attach('file', Buffer.from(other), 'attendance.csv')
      .expect(200);
    expect(preview.text).toContain('Walk-in guest');
    expect(preview.text).toContain('Nobody yet: goes to the matching queue');
    const previewId = /name="previewId" value="([0-9a-f]{64})"/.exec(preview.text)![1]!;
    const bad = await agent
      .post(page)
      .type('form')
      .send({
        _csrf: csrf,
        previewId: previewId.replace(/^./, previewId[0] === 'a' ? 'b' : 'a'),
        timezone: 'UTC',
        step: 'import',
      })
      .expect(422);
    expect(bad.text).toContain('The preview expired');
    const done = await agent
      .post(page)
      .type('form')
      .send({ _csrf: csrf, previewId, timezone: 'UTC', step: 'import' })
      .expect(302);
    expect(done.headers.location).toBe(
      `/teach/courses/${slug}/live-sessions/${moduleId}/attendance`,
    );
    expect(
      await AttendanceRowModel.countDocuments({ session: moduleId, name: 'Walk-in guest' }),
    ).toBe(1);
  });
});
