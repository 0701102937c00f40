import { AchievementModel, ensureSigningKeys, IssuerModel, SigningKeyModel } from '../../badges';
import { browser, submitForm, type Agent } from '../support/http';
import { createSpecialization, createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  await ensureSigningKeys(campus.config); // as the web and worker processes do at start
});
afterAll(() => campus.close());

async function loggedIn(roles: ('admin' | 'instructor')[]): Promise<Agent> {
  const user = await createTestUser({ roles });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  return agent;
}

describe('the badges admin page', () => {
  test('an admin defines a badge, edits the issuer and rotates a key from the page; bad input keeps the form with its message', async () => {
    await createSpecialization('admin-page-spec', [{ key: 'basic', courses: [] }]);
    const admin = await loggedIn(['admin']);
    const badge = {
      specialization: 'admin-page-spec',
      level: 'basic',
      slug: 'admin-page-basic',
      name: 'Admin Page Basic',
      description: 'Certifies the basic level.',
      criteriaNarrative: 'Complete every course of the basic level.',
      tags: 'ISP, IPv6',
      alignment: 'ipv6',
      color: '#0b5cad',
      validForMonths: '',
    };
    const bad = await submitForm(admin, '/admin/badges', '/admin/badges/achievements', {
      ...badge,
      color: 'blue',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Use a colour like #1f7a4d.');
    expect(await AchievementModel.countDocuments({ slug: 'admin-page-basic' })).toBe(0);

    const created = await submitForm(admin, '/admin/badges', '/admin/badges/achievements', badge);
    expect(created.headers.location).toBe('/badges/achievements/admin-page-basic');
    expect(await AchievementModel.findOne({ slug: 'admin-page-basic' }).lean()).toMatchObject({
      tags: ['ISP', 'IPv6'],
      alignment: ['ipv6'],
      color: '#0b5cad',
    });

    await submitForm(admin, '/admin/badges', '/admin/badges/issuer', {
      name: 'LACNIC Campus',
      url: 'https://campus.lacnic.net',
      email: 'campus@lacnic.net',
      issuerDescription: 'Training for the region.',
    });
    expect(await IssuerModel.findOne().lean()).toMatchObject({
      name: 'LACNIC Campus',
      description: 'Training for the region.',
    });

    await submitForm(admin, '/admin/badges', '/admin/badges/keys/RS256/rotate', {});
    expect(await SigningKeyModel.countDocuments({ algorithm: 'RS256' })).toBe(2);
    expect((await admin.get('/admin/badges').expect(200)).text).toContain('retired');
  });

  test('instructors and students are kept out', async () => {
    const instructor = await loggedIn(['instructor']);
    await instructor.get('/admin/badges').expect(403);
  });
});
