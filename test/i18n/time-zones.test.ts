// Live sessions in the reader's time zone, named: a visitor's browser zone (the cookie
// public/js/time-zone.js sets), a signed-in student's profile choice over it, UTC otherwise; the
// profile refuses a zone that does not exist, with the field named.
import request from 'supertest';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { formattersFor } from '../../i18n';
import { apiLogin, browser, csrfFrom, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

test('a live session shows in the browser’s zone, then in the profile’s, always named', async () => {
  await createPublishedCourse('zoned-course', [
    {
      kind: 'live_session',
      title: 'Tutorial en vivo',
      startsAt: new Date('2027-03-10T15:00:00Z'),
      durationMinutes: 60,
    },
  ]);
  const page = (cookie?: string) => {
    const call = request(campus.app).get('/courses/zoned-course').set('Accept-Language', 'es');
    return (cookie ? call.set('Cookie', cookie) : call).expect(200);
  };
  expect((await page()).text).toContain('10 de marzo de 2027 a las 15:00 UTC');
  // Said in UTC for want of a zone: the page is marked for the script to reload it, once known.
  expect((await page()).text).toContain('id="times-in-utc"');
  expect((await page('campus_tz=America/Bogota')).text).not.toContain('times-in-utc');
  expect((await page('campus_tz=America/Bogota')).text).toContain(
    '10 de marzo de 2027 a las 10:00 (GMT-5)',
  );
  // A cookie that names no zone changes nothing.
  expect((await page('campus_tz=..%2F..%2Fetc')).text).toContain('15:00 UTC');

  const user = await createTestUser({ language: 'es' });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  const profile = await csrfFrom(agent, '/profile');
  // Zones are named by country, in the reader's language and alphabetical order, each with its
  // offset, so a student finds theirs ("Bolivia", not "America/La_Paz").
  const options = [
    ...(await agent.get('/profile').expect(200)).text.matchAll(
      /<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g,
    ),
  ].filter(([, value]) => value!.includes('/'));
  const labelOf = (zone: string) => options.find(([, value]) => value === zone)?.[2];
  // No zone saved yet: the hint says the zone in use comes from the browser.
  expect((await agent.get('/profile').expect(200)).text).toContain(
    'Ahora, según este navegador: UTC.',
  );
  expect(labelOf('America/La_Paz')).toBe('Bolivia (GMT-4)');
  expect(labelOf('America/Sao_Paulo')).toBe('Brasil — São Paulo (GMT-3)');
  const countries = options.map(([, , label]) => label!.replace(/ (—|\().*$/, ''));
  expect(countries).toEqual([...countries].sort(new Intl.Collator('es').compare));
  expect(countries).toContain('Alemania');
  const refused = await agent.post('/profile').type('form').send({
    _csrf: profile,
    displayName: 'Ana Gómez',
    certificateName: 'Ana Gómez',
    language: 'es',
    timeZone: 'Mars/Olympus_Mons',
  });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Elige una zona horaria de la lista.');
  expect(refused.text.match(/class="error-text"/g)).toHaveLength(1); // only the zone is wrong
  await agent
    .post('/profile')
    .type('form')
    .send({
      _csrf: profile,
      displayName: 'Ana Gómez',
      certificateName: 'Ana Gómez',
      language: 'es',
      timeZone: 'America/Mexico_City',
    })
    .expect(302);
  // The profile's zone wins over the browser's.
  const mine = await agent
    .get('/courses/zoned-course')
    .set('Cookie', 'campus_tz=America/Bogota')
    .expect(200);
  expect(mine.text).toContain('10 de marzo de 2027 a las 09:00 (GMT-6)');
  // The profile says the zone in use as the list names it.
  const saved = await agent.get('/profile').expect(200);
  expect(saved.text).toMatch(/Ahora: México — Ciudad de México \(GMT-\d\)\./);
});

test('a zone is one zone however it is spelled: one set of formatters, stored as Intl writes it', async () => {
  // Every spelling of a name in letter case was a new cache entry of about 150 KB: a visitor
  // could grow the web process without bound with cookies alone.
  const spellings = ['America/Lima', 'america/lima', 'AMERICA/LIMA', 'aMeRiCa/LiMa'];
  const sets = new Set(spellings.map((zone) => formattersFor('es', zone)));
  expect(sets.size).toBe(1);
  expect(formattersFor('es', 'aMERICA/lima').timeZone).toBe('America/Lima');

  const page = await request(campus.app)
    .get('/courses/zoned-course')
    .set('Accept-Language', 'es')
    .set('Cookie', 'campus_tz=aMERICA/lima')
    .expect(200);
  expect(page.text).toContain('10 de marzo de 2027 a las 10:00 (GMT-5)');

  const user = await createTestUser();
  const client = await apiLogin(campus.app, { email: user.email, password: testPassword });
  const saved = await client.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', client.csrf)
    .send({ timeZone: 'us/pacific' })
    .expect(200);
  expect(saved.body.user.timeZone).toBe('America/Los_Angeles');
});
