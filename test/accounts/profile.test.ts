import { UserModel } from '../../accounts/user.model';
import { browser, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

async function loggedIn() {
  const user = await createTestUser({ displayName: 'Pat' });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  return { user, agent };
}

describe('the profile page', () => {
  test('when a visitor is not logged in, the profile sends them to log in and back', async () => {
    const response = await browser(campus.app).get('/profile');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fprofile');
  });

  test('when a student sets the name for certificates and language, the page shows them saved', async () => {
    const { user, agent } = await loggedIn();
    const saved = await submitForm(agent, '/profile', '/profile', {
      displayName: 'Pat',
      certificateName: 'Patricia Núñez-O’Connor',
      language: 'pt',
    });
    expect(saved.status).toBe(302);
    const page = await agent.get('/profile').expect(200);
    // The page already speaks the language just chosen.
    expect(page.text).toContain('Seu perfil foi salvo.');
    expect(page.text).toContain('value="Patricia Núñez-O’Connor"');
    expect(page.text).toContain('<option value="pt" selected>');
    expect(page.text).toContain('<html lang="pt">');
    expect((await UserModel.findById(user._id).lean())?.certificateName).toBe(
      'Patricia Núñez-O’Connor',
    );
  });

  test('when the language does not exist or a name is empty, the form says which field and nothing changes', async () => {
    const { user, agent } = await loggedIn();
    const response = await submitForm(agent, '/profile', '/profile', {
      displayName: '',
      certificateName: 'Pat',
      language: 'xx',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="field-displayName-error"');
    expect(response.text).toContain('Choose English, Español or Português.');
    const stored = await UserModel.findById(user._id).lean();
    expect(stored?.displayName).toBe('Pat');
    expect(stored?.language).toBe('en');
  });

  test('names are shown escaped, so markup in a name cannot run on the page', async () => {
    const { agent } = await loggedIn();
    await submitForm(agent, '/profile', '/profile', {
      displayName: '<script>alert(1)</script>',
      certificateName: 'Pat',
      language: 'en',
    });
    const page = await agent.get('/dashboard').expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
