import { CourseModel } from '../../courses/catalog/course.model';
import { apiLogin, type Agent, binaryBody } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ MAX_UPLOAD_MB: '1' });
});
afterAll(() => campus.close());

type Client = { agent: Agent; csrf: string };
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'),
  Buffer.alloc(2048, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

async function instructorWithFileModule(slug: string) {
  const user = await createTestUser({ roles: ['instructor'] });
  const instructor: Client = await apiLogin(campus.app, {
    email: user.email,
    password: testPassword,
  });
  await instructor.agent
    .post('/api/v1/authoring/courses')
    .set('x-csrf-token', instructor.csrf)
    .send({
      slug,
      title: 'Files course',
      summary: 'A course with a handout.',
      description: 'Download the handout.',
      language: 'en',
      hours: 1,
    })
    .expect(201);
  const module = await instructor.agent
    .post(`/api/v1/authoring/courses/${slug}/modules`)
    .set('x-csrf-token', instructor.csrf)
    .send({ kind: 'file', title: 'Handout', description: 'The slides.' })
    .expect(201);
  const upload = (buffer: Buffer, filename: string) =>
    instructor.agent
      .put(`/api/v1/authoring/courses/${slug}/modules/${module.body.module.id}/file`)
      .set('x-csrf-token', instructor.csrf)
      .attach('file', buffer, filename);
  return { instructor, moduleId: module.body.module.id as string, upload };
}

describe('file modules', () => {
  test('an uploaded PDF is stored in GridFS and an enrolled student downloads the same bytes as an attachment', async () => {
    const { instructor, moduleId, upload } = await instructorWithFileModule('files-course');
    await upload(pdf, 'slides.pdf').expect(204);
    await instructor.agent
      .post('/api/v1/authoring/courses/files-course/publish')
      .set('x-csrf-token', instructor.csrf)
      .expect(200);

    const studentUser = await createTestUser();
    const student = await apiLogin(campus.app, {
      email: studentUser.email,
      password: testPassword,
    });
    const path = `/api/v1/me/courses/files-course/modules/${moduleId}/file`;
    await student.agent.get(path).expect(403); // not enrolled yet
    await student.agent
      .put('/api/v1/me/enrollments/files-course')
      .set('x-csrf-token', student.csrf)
      .expect(200);
    const download = await student.agent.get(path).buffer(true).parse(binaryBody).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="?slides\.pdf"?$/,
    );
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
  });

  test('a file of a forbidden type, a disguised one, or one over the limit is refused and nothing changes', async () => {
    const { upload } = await instructorWithFileModule('refused-files');
    const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);
    const program = await upload(windowsProgram, 'setup.exe').expect(415);
    expect(program.body.errors[0].field).toBe('file');
    // An HTML page renamed to .pdf: its bytes say otherwise.
    await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'notes.pdf').expect(415);
    // Binary junk named .txt is not text.
    await upload(Buffer.from([0x00, 0xff, 0x10, 0x00]), 'notes.txt').expect(415);
    const tooBig = await upload(Buffer.concat([pdf, Buffer.alloc(1024 * 1024)]), 'huge.pdf').expect(
      413,
    );
    expect(tooBig.body.errors).toEqual([
      { field: 'file', message: 'The file is larger than 1 MB.' },
    ]);
    const course = await CourseModel.findOne({ slug: 'refused-files' }).lean();
    expect(course!.draft.modules[0]!.file!.fileId).toBeUndefined();

    // Plain UTF-8 text with a text extension is fine.
    await upload(
      Buffer.from('interface ge-0/0/0 { unit 0 { family inet6; } }\n'),
      'router.conf',
    ).expect(204);
    const after = await CourseModel.findOne({ slug: 'refused-files' }).lean();
    expect(after!.draft.modules[0]!.file).toMatchObject({
      filename: 'router.conf',
      contentType: 'text/plain',
    });
  });
});
