import request from 'supertest';
import { CourseModel } from '../../courses/catalog/course.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import { UserModel } from '../../accounts/user.model';
import { seedDemoCampus } from '../../server/seed';
import { demoCourses } from '../../server/demo-data';
import { createDraftCourse } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  await seedDemoCampus(campus.context.logger);
});
afterAll(() => campus.close());

const titlesIn = (html: string) =>
  [...html.matchAll(/<h3 class="card-title"><a href="\/courses\/[^"]+">([^<]+)<\/a>/g)].map(
    (m) => m[1],
  );

describe('browsing the catalog', () => {
  test('the specialization page shows its three levels in order, each with its courses in order', async () => {
    const page = await request(campus.app)
      .get('/specializations/isp-network-operation')
      .expect(200);
    const levels = [...page.text.matchAll(/<h2 id="level-(\w+)">/g)].map((m) => m[1]);
    expect(levels).toEqual(['basic', 'intermediate', 'advanced']);
    expect(titlesIn(page.text).slice(0, 3)).toEqual([
      'IPv6 Fundamentals',
      'DNS and DNSSEC Fundamentals',
      'Network Management Basics',
    ]);
    expect(titlesIn(page.text)).toHaveLength(10);
    expect(page.text).toContain('3 courses · 26 h');
  });

  test('a level page tells a reader which of its courses are taught in another language', async () => {
    const spanish = await request(campus.app)
      .get('/specializations/isp-network-operation/levels/basic')
      .set('Accept-Language', 'es')
      .expect(200);
    expect(spanish.text).toContain(
      'Este nivel tiene un curso que se dicta en inglés; su tarjeta lo indica.',
    );
    const english = await request(campus.app)
      .get('/specializations/isp-network-operation/levels/basic')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(english.text).toContain('This level has 2 courses taught in Spanish');
  });

  test("a level page lists just that level's courses", async () => {
    const page = await request(campus.app)
      .get('/specializations/isp-network-operation/levels/advanced')
      .expect(200);
    expect(titlesIn(page.text)).toEqual([
      'Advanced Network Management',
      'Secure Routing and Automation Lab',
      'Delegated RPKI with Krill',
      'Building an IPv6-Only Network',
    ]);
  });

  test('a course page shows description, hours, language, instructors, modules and live sessions', async () => {
    const page = await request(campus.app).get('/courses/bgp-security-rpki-irr').expect(200);
    expect(page.text).toContain('<h1>BGP Security with RPKI and IRR</h1>');
    expect(page.text).toMatch(/<dt>Study time<\/dt><dd>12 h, practice included<\/dd>/);
    expect(page.text).toMatch(/<dt>Language<\/dt><dd>Spanish<\/dd>/);
    // Each instructor's name leads to their page.
    expect(page.text).toMatch(
      /<a href="\/instructors\/[0-9a-f]{24}">Carlos Martínez<\/a>, <a href="\/instructors\/[0-9a-f]{24}">Júlia Souza<\/a>/,
    );
    expect(page.text).toContain('Route origin validation');
    expect(page.text).toContain('Tutorial: ROV on your routers');
    expect(page.text).toContain('datetime="2027-05-18T15:00:00.000Z"');
    expect(page.text).toContain(
      'href="/specializations/isp-network-operation/levels/intermediate"',
    );
  });

  test('a stand-alone course says so and has no level', async () => {
    const page = await request(campus.app).get('/courses/internet-governance-lac').expect(200);
    expect(page.text).toContain('Stand-alone course');
  });

  test('the course list filters by topic and by language', async () => {
    const ipv6 = await request(campus.app).get('/courses?topic=ipv6').expect(200);
    expect(titlesIn(ipv6.text).sort()).toEqual(
      demoCourses
        .filter((c) => c.topics.includes('ipv6'))
        // An English reader sees a Spanish course's English title.
        .map((c) => c.translations.en?.title ?? c.title)
        .sort(),
    );
    const portuguese = await request(campus.app).get('/courses?language=pt').expect(200);
    expect(titlesIn(portuguese.text)).toEqual([
      'Interconnection of Public and Private Autonomous Systems',
    ]);
  });

  test('an unknown topic or language is a clear 422, for pages and the API', async () => {
    const page = await request(campus.app).get('/courses?topic=quantum');
    expect(page.status).toBe(422);
    const api = await request(campus.app).get('/api/v1/courses?language=fr');
    expect(api.status).toBe(422);
    expect(api.body.errors).toEqual([
      { field: 'language', message: 'Choose English, Español or Português.' },
    ]);
  });

  test('unknown specializations, levels and courses are 404 pages', async () => {
    await request(campus.app).get('/specializations/nope').expect(404);
    await request(campus.app)
      .get('/specializations/isp-network-operation/levels/expert')
      .expect(404);
    const course = await request(campus.app).get('/courses/no-such-course').expect(404);
    expect(course.text).toContain('Course not found.');
    await request(campus.app).get('/courses/..%2F..%2Fetc').expect(404);
  });

  test('a draft course is in no list and has no page', async () => {
    await createDraftCourse('secret-draft');
    await request(campus.app).get('/courses/secret-draft').expect(404);
    const list = await request(campus.app).get('/api/v1/courses').expect(200);
    expect(list.body.courses.map((c: { slug: string }) => c.slug)).not.toContain('secret-draft');
  });

  test('the API returns the same catalog as the pages', async () => {
    const specialization = await request(campus.app)
      .get('/api/v1/specializations/isp-network-operation')
      .expect(200);
    expect(
      specialization.body.specialization.levels.map((l: { key: string; courses: unknown[] }) => [
        l.key,
        l.courses.length,
      ]),
    ).toEqual([
      ['basic', 3],
      ['intermediate', 3],
      ['advanced', 4],
    ]);
    const course = await request(campus.app).get('/api/v1/courses/ipv6-fundamentals').expect(200);
    expect(course.body.course).toMatchObject({
      title: 'IPv6 Fundamentals',
      hours: 12,
      language: 'es',
      placement: { specialization: { slug: 'isp-network-operation' }, level: 'basic' },
    });
    expect(course.body.course.liveSessions).toHaveLength(1);
    const level = await request(campus.app)
      .get('/api/v1/specializations/isp-network-operation/levels/basic')
      .expect(200);
    expect(level.body.level.courses).toHaveLength(3);
  });

  test('seeding again changes nothing: same counts, and a changed password is kept', async () => {
    const counts = async () => [
      await UserModel.countDocuments(),
      await CourseModel.countDocuments({ status: 'published' }),
      await SpecializationModel.countDocuments(),
    ];
    const before = await counts();
    await UserModel.updateOne(
      { email: 'maria@student.example' },
      { $set: { passwordHash: 'changed-by-maria' } },
    );
    await seedDemoCampus(campus.context.logger);
    expect(await counts()).toEqual(before);
    expect((await UserModel.findOne({ email: 'maria@student.example' }).lean())?.passwordHash).toBe(
      'changed-by-maria',
    );
  });
});
