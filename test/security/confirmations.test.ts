// Destructive actions on the staff pages ask for a confirming tick: without it nothing changes
// and the page says why; with it, the action is taken. (Revoking a badge has had its tick since
// the awards page; this covers marking a key compromised and removing a module.)
import { ensureSigningKeys } from '../../badges';
import { SigningKeyModel as KeyModel } from '../../badges/keys/signing-key.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

async function adminSession() {
  const admin = await createTestUser({ roles: ['admin'] });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: admin.email, password: testPassword });
  return agent;
}

test('marking a key compromised and removing a module need the tick; without it nothing changes', async () => {
  const agent = await adminSession();
  await ensureSigningKeys(campus.config);
  const key = await KeyModel.findOne({ status: 'active' }).lean();
  const keyAction = `/admin/badges/keys/${key!.kid}/compromised`;
  const page = await agent.get('/admin/badges').expect(200);
  expect(page.text).toContain(`id="confirm-${key!.kid}" name="confirm" value="yes" required`);

  const unticked = await submitForm(agent, '/admin/badges', keyAction, {});
  expect(unticked.headers.location).toBe('/admin/badges#keys');
  expect((await KeyModel.findOne({ kid: key!.kid }).lean())!.status).toBe('active');
  expect((await agent.get('/admin/badges')).text).toContain('Nothing was changed');
  expect((await submitForm(agent, '/admin/badges', keyAction, { confirm: 'yes' })).status).toBe(
    302,
  );
  expect((await KeyModel.findOne({ kid: key!.kid }).lean())!.status).toBe('compromised');

  const course = await createPublishedCourse('confirm-course', [
    { kind: 'lesson', title: 'Keep' },
    { kind: 'lesson', title: 'Remove' },
  ]);
  const moduleId = String(course.modules[1]!._id);
  const modulePage = `/teach/courses/confirm-course/modules/${moduleId}`;
  const remove = `${modulePage}/remove`;
  const draftModules = async () =>
    (await CourseModel.findOne({ slug: 'confirm-course' }).lean())!.draft!.modules.length;
  const kept = await submitForm(agent, modulePage, remove, {});
  expect(kept.headers.location).toBe(modulePage);
  expect(await draftModules()).toBe(2);
  expect((await submitForm(agent, modulePage, remove, { confirm: 'yes' })).status).toBe(302);
  expect(await draftModules()).toBe(1);
});
