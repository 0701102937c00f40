import request from 'supertest';
import { CourseVersionModel } from '../../courses/catalog/course-version.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { apiUser, type ApiUser } from '../support/http';

import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

type Client = ApiUser;
const login = (roles?: Parameters<typeof apiUser>[1]) => apiUser(campus.app, roles);

const send = (client: Client, method: 'post' | 'put' | 'delete', path: string, body?: object) =>
  client.agent[method](`/api/v1${path}`)
    .set('x-csrf-token', client.csrf)
    .send(body ?? {});

const details = {
  title: 'Routing Security for Small ISPs',
  summary: 'Filters, RPKI and MANRS actions for a small network.',
  description: 'A practical course on protecting your routes and your customers.',
  language: 'en',
  hours: 6,
  topics: ['bgp', 'rpki'],
};

async function createCourse(instructor: Client, slug: string) {
  const response = await send(instructor, 'post', '/authoring/courses', { ...details, slug });
  expect(response.status).toBe(201);
  return response.body.course;
}

describe('instructors write and publish courses', () => {
  test('when an instructor publishes a draft, students see exactly that version; later edits stay in the draft until republished', async () => {
    const instructor = await login(['instructor']);
    await createCourse(instructor, 'routing-security-small-isps');
    // A draft is invisible in the catalog.
    await request(campus.app).get('/api/v1/courses/routing-security-small-isps').expect(404);

    const lesson = await send(
      instructor,
      'post',
      '/authoring/courses/routing-security-small-isps/modules',
      {
        kind: 'lesson',
        title: 'Why filter',
        markdown: '## Filters\n\nDrop bogons.',
      },
    );
    expect(lesson.status).toBe(201);
    const quiz = await send(
      instructor,
      'post',
      '/authoring/courses/routing-security-small-isps/modules',
      {
        kind: 'quiz',
        title: 'Check',
        passScore: 50,
        maxAttempts: 2,
      },
    );
    expect(quiz.status).toBe(201);

    // A quiz without questions cannot be published; the field says which module.
    const refused = await send(
      instructor,
      'post',
      '/authoring/courses/routing-security-small-isps/publish',
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not_publishable');
    expect(refused.body.errors).toEqual([
      { field: 'modules.1', message: 'The quiz “Check” has no questions yet.' },
    ]);

    await send(
      instructor,
      'post',
      `/authoring/courses/routing-security-small-isps/modules/${quiz.body.module.id}/questions`,
      {
        kind: 'single',
        prompt: 'What does RPKI sign?',
        options: [
          { text: 'Route origins', correct: true },
          { text: 'DNS zones', correct: false },
        ],
      },
    ).expect(201);
    const published = await send(
      instructor,
      'post',
      '/authoring/courses/routing-security-small-isps/publish',
    );
    expect(published.status).toBe(200);
    expect(published.body.course).toMatchObject({
      status: 'published',
      version: 1,
      hasUnpublishedChanges: false,
    });

    const visible = await request(campus.app)
      .get('/api/v1/courses/routing-security-small-isps')
      .expect(200);
    expect(visible.body.course.title).toBe(details.title);
    expect(visible.body.course.modules.map((m: { title: string }) => m.title)).toEqual([
      'Why filter',
      'Check',
    ]);

    // Editing a published course changes the draft only.
    await send(instructor, 'put', '/authoring/courses/routing-security-small-isps', {
      ...details,
      title: 'Routing Security for Small and Medium ISPs',
    }).expect(200);
    const stillOld = await request(campus.app)
      .get('/api/v1/courses/routing-security-small-isps')
      .expect(200);
    expect(stillOld.body.course.title).toBe(details.title);

    const republished = await send(
      instructor,
      'post',
      '/authoring/courses/routing-security-small-isps/publish',
    ).expect(200);
    expect(republished.body.course.version).toBe(2);
    const updated = await request(campus.app)
      .get('/api/v1/courses/routing-security-small-isps')
      .expect(200);
    expect(updated.body.course.title).toBe('Routing Security for Small and Medium ISPs');

    // Each version is kept as it was published, and the trail says who published it.
    const course = await CourseModel.findOne({ slug: 'routing-security-small-isps' });
    const versions = await CourseVersionModel.find({ course: course!._id })
      .sort({ version: 1 })
      .lean();
    expect(versions.map((v) => [v.version, v.content.title])).toEqual([
      [1, details.title],
      [2, 'Routing Security for Small and Medium ISPs'],
    ]);
    expect(
      await AuditEntryModel.countDocuments({
        course: course!._id,
        action: 'course.published',
        actor: instructor.id,
      }),
    ).toBe(2);
  });

  test('lesson Markdown with script tags or javascript: links is stored and shown inert', async () => {
    const instructor = await login(['instructor']);
    await createCourse(instructor, 'markdown-safety');
    const response = await send(instructor, 'post', '/authoring/courses/markdown-safety/modules', {
      kind: 'lesson',
      title: 'Tricky',
      markdown:
        '# Title\n<script>alert(1)</script>\n[click](javascript:alert(1)) [ok](https://www.lacnic.net)\n<img src=x onerror=alert(1)>\n\n![pic](javascript:alert(2))\n\n```\nrouter bgp 64500\n```',
    });
    expect(response.status).toBe(201);
    const course = await CourseModel.findOne({ slug: 'markdown-safety' }).lean();
    const html = course!.draft.modules[0]!.lesson!.html;
    expect(html).not.toMatch(/<script/i);
    // The links are refused: what is left is text, never an href or src.
    expect(html).not.toMatch(/(href|src)="\s*javascript:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*onerror/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      '<a href="https://www.lacnic.net" rel="noopener noreferrer nofollow">ok</a>',
    );
    expect(html).toContain('<pre><code>router bgp 64500');
  });

  test('modules can be reordered, and a module keeps its id (and so students’ progress) when moved', async () => {
    const instructor = await login(['instructor']);
    await createCourse(instructor, 'reorder-me');
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three']) {
      const response = await send(instructor, 'post', '/authoring/courses/reorder-me/modules', {
        kind: 'lesson',
        title,
        markdown: title,
      });
      ids.push(response.body.module.id);
    }
    const moved = await send(
      instructor,
      'post',
      `/authoring/courses/reorder-me/modules/${ids[2]}/move`,
      { position: 0 },
    );
    expect(moved.status).toBe(200);
    expect(
      moved.body.course.draft.modules.map((m: { id: string; title: string }) => [m.title, m.id]),
    ).toEqual([
      ['Three', ids[2]],
      ['One', ids[0]],
      ['Two', ids[1]],
    ]);
  });

  test('bad module input gets the field and changes nothing', async () => {
    const instructor = await login(['instructor']);
    await createCourse(instructor, 'bad-input');
    const cases: [object, string][] = [
      [{ kind: 'video', title: 'V', url: 'http://insecure.example/video' }, 'url'],
      [{ kind: 'live_session', title: 'L', durationMinutes: 60 }, 'startsAt'],
      [{ kind: 'podcast', title: 'P' }, 'kind'],
      [{ kind: 'quiz', title: 'Q', passScore: 150 }, 'passScore'],
    ];
    for (const [body, field] of cases) {
      const response = await send(instructor, 'post', '/authoring/courses/bad-input/modules', body);
      expect(response.status).toBe(422);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const wrongQuestion = await send(instructor, 'post', '/authoring/courses/bad-input/modules', {
      kind: 'quiz',
      title: 'Q',
    });
    const single = await send(
      instructor,
      'post',
      `/authoring/courses/bad-input/modules/${wrongQuestion.body.module.id}/questions`,
      {
        kind: 'single',
        prompt: 'Pick',
        options: [
          { text: 'a', correct: true },
          { text: 'b', correct: true },
        ],
      },
    );
    expect(single.status).toBe(422);
    expect(single.body.errors).toEqual([
      { field: 'options', message: 'Mark exactly one option as correct.' },
    ]);
    const course = await CourseModel.findOne({ slug: 'bad-input' }).lean();
    expect(course!.draft.modules).toHaveLength(1);
    expect(course!.draft.modules[0]!.quiz!.questions).toHaveLength(0);
  });

  test('only the course’s instructors and admins may change it', async () => {
    const owner = await login(['instructor']);
    await createCourse(owner, 'owned-course');
    const otherInstructor = await login(['instructor']);
    const student = await login(['student']);
    const admin = await login(['admin']);
    const change = { ...details, title: 'Taken over' };

    expect(
      (await send(otherInstructor, 'put', '/authoring/courses/owned-course', change)).status,
    ).toBe(403);
    expect(
      (await send(otherInstructor, 'post', '/authoring/courses/owned-course/publish')).status,
    ).toBe(403);
    expect((await otherInstructor.agent.get('/api/v1/authoring/courses/owned-course')).status).toBe(
      403,
    );
    expect((await send(student, 'put', '/authoring/courses/owned-course', change)).status).toBe(
      403,
    );
    expect(
      (await send(student, 'post', '/authoring/courses', { ...details, slug: 'student-course' }))
        .status,
    ).toBe(403);
    expect((await request(campus.app).get('/api/v1/authoring/courses')).status).toBe(401);
    expect((await CourseModel.findOne({ slug: 'owned-course' }).lean())!.draft.title).toBe(
      details.title,
    );

    // Instructors list only their own courses.
    const mine = await otherInstructor.agent.get('/api/v1/authoring/courses').expect(200);
    expect(mine.body.courses).toEqual([]);

    expect((await send(admin, 'put', '/authoring/courses/owned-course', change)).status).toBe(200);
  });

  test('a course address is unique: a second course with the same one is refused', async () => {
    const instructor = await login(['instructor']);
    await createCourse(instructor, 'taken-address');
    const again = await send(instructor, 'post', '/authoring/courses', {
      ...details,
      slug: 'taken-address',
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { field: 'slug', message: 'A course already uses this address; choose another.' },
    ]);
  });
});
