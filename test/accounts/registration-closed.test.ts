import { UserModel } from '../../accounts/user.model';
import { browser } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

const validFields = {
  displayName: 'Lucía Gómez',
  email: 'closed@example.org',
  password: 'routing-secure-2026',
};

// Accounts here come from the events system's registrations (a later issue), not from visitors.
describe('when self-registration is switched off', () => {
  let closed: TestCampus;
  beforeAll(async () => {
    closed = await startTestCampus({ SELF_REGISTRATION: 'false' });
  });
  afterAll(() => closed.close());

  test('the page explains how accounts are created, the menu offers no sign-up, and a posted form creates nothing', async () => {
    const agent = browser(closed.app);
    const page = await agent.get('/register').expect(200);
    expect(page.text).toContain('created from event registrations');
    expect(page.text).not.toContain('Create account</a>');

    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1]!;
    const response = await agent
      .post('/register')
      .type('form')
      .send({ ...validFields, _csrf: csrf });
    expect(response.status).toBe(403);
    expect(await UserModel.countDocuments({ email: 'closed@example.org' })).toBe(0);
  });
});
