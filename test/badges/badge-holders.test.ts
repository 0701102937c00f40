// An admin's view of who holds a badge: newest first, found by a word of the name, each holder's
// state in words, and the way to revoke one with a reason (which then shows on the list).
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { signedInHolder } from '../support/badges';
import { createTestUser, testPassword } from '../support/factories';
import { browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

test('an admin lists a badge’s holders, finds one by name, and revokes it with a reason from there', async () => {
  const { award } = await signedInHolder(campus, 'holders', { displayName: 'Ana Sofía Pérez' });
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = browser(campus.app);
  await submitForm(admin, '/login', '/login', { email: adminUser.email, password: testPassword });

  const list = await admin.get('/admin/badges/achievements/holders-basic/holders').expect(200);
  expect(list.text).toContain('1 award of this badge');
  expect(list.text).toContain('Ana Sofía Pérez');
  expect(list.text).toMatch(/state-active">Valid</);
  const manage = `/admin/badges/awards?award=${award.publicId}#award`;
  expect(list.text).toContain(`href="${manage}"`);
  // An admin reading in Portuguese sees the badge's Portuguese name.
  await AchievementModel.updateOne(
    { slug: 'holders-basic' },
    { $set: { 'translations.pt.name': 'Básico de titulares' } },
  );
  const portugueseAdmin = await createTestUser({ roles: ['admin'], language: 'pt' });
  const inPortuguese = browser(campus.app);
  await submitForm(inPortuguese, '/login', '/login', {
    email: portugueseAdmin.email,
    password: testPassword,
  });
  const portuguesePage = await inPortuguese
    .get('/admin/badges/achievements/holders-basic/holders')
    .expect(200);
  expect(portuguesePage.text).toContain('<h1>Titulares de Básico de titulares</h1>');

  const found = await admin
    .get('/admin/badges/achievements/holders-basic/holders?q=perez')
    .expect(200);
  expect(found.text).toContain('Ana Sofía Pérez');
  const none = await admin
    .get('/admin/badges/achievements/holders-basic/holders?q=gomez')
    .expect(200);
  expect(none.text).toContain('No holder’s name or email matches “gomez”.');

  const revoked = await submitForm(
    admin,
    `/admin/badges/awards?award=${award.publicId}`,
    `/admin/badges/awards/${award.publicId}/revoke`,
    { form: 'revoke', reason: 'Identity could not be confirmed', confirm: 'yes' },
  );
  expect(revoked.status).toBe(302);
  const after = await admin.get('/admin/badges/achievements/holders-basic/holders').expect(200);
  expect(after.text).toMatch(/state-revoked">Revoked</);
  const history = await admin.get(`/admin/badges/awards?award=${award.publicId}`).expect(200);
  expect(history.text).toContain('Identity could not be confirmed');
});

test('students and instructors cannot see who holds a badge', async () => {
  for (const roles of [['student'], ['instructor']] as const) {
    const user = await createTestUser({ roles: [...roles] });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    await agent.get('/admin/badges/achievements/holders-basic/holders').expect(403);
  }
});
