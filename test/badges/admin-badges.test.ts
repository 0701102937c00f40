import { AchievementModel, ensureSigningKeys, IssuerModel, SigningKeyModel } from '../../badges';
import request from 'supertest';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { apiUser, browser, submitForm, type Agent, type ApiUser } from '../support/http';
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
    await instructor.get('/admin/badges/achievements/admin-page-basic').expect(403);
    const api = await apiUser(campus.app, ['instructor']);
    await api.agent
      .patch('/api/v1/admin/achievements/admin-page-basic')
      .set('x-csrf-token', api.csrf)
      .send({ name: 'Hijacked' })
      .expect(403);
  });
});

describe('editing a badge and its image', () => {
  let admin: ApiUser;
  const slug = 'image-basic';
  beforeAll(async () => {
    admin = await apiUser(campus.app, ['admin']);
    await createSpecialization('image-spec', [{ key: 'basic', courses: [] }]);
    await admin.agent
      .post('/api/v1/admin/achievements')
      .set('x-csrf-token', admin.csrf)
      .send({
        slug,
        specialization: 'image-spec',
        level: 'basic',
        name: 'Image Basic',
        description: 'Certifies the basic level.',
        criteriaNarrative: 'Complete every course of the basic level.',
        validForMonths: 36,
      })
      .expect(201);
  });
  const putImage = (bytes: Buffer, name: string) =>
    admin.agent
      .put(`/api/v1/admin/achievements/${slug}/image`)
      .set('x-csrf-token', admin.csrf)
      .attach('image', bytes, name);

  test('an edit shows on the public badge; clearing the validity removes it; a bad field changes nothing', async () => {
    await admin.agent
      .patch(`/api/v1/admin/achievements/${slug}`)
      .set('x-csrf-token', admin.csrf)
      .send({ name: 'Image Basic (2027)', validForMonths: '' })
      .expect(204);
    const badgeClass = await request(campus.app)
      .get(`/badges/achievements/${slug}`)
      .set('Accept', 'application/ld+json')
      .expect(200);
    expect(badgeClass.body.name).toBe('Image Basic (2027)');
    expect((await AchievementModel.findOne({ slug }).lean())!.validForMonths).toBeUndefined();
    const bad = await admin.agent
      .patch(`/api/v1/admin/achievements/${slug}`)
      .set('x-csrf-token', admin.csrf)
      .send({ name: 'Renamed', color: 'red' })
      .expect(422);
    expect(bad.body.errors[0].field).toBe('color');
    expect((await AchievementModel.findOne({ slug }).lean())!.name).toBe('Image Basic (2027)');
  });

  test('a PNG upload becomes the served image; an active SVG, a tiny or a huge file is refused with the reason', async () => {
    const png = renderSvgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="5" fill="#c00"/></svg>',
      256,
    );
    await putImage(png, 'badge.png').expect(204);
    const served = await request(campus.app).get(`/badges/achievements/${slug}/image`).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);

    const scripted = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
    );
    const refused = await putImage(scripted, 'evil.svg').expect(422);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'image',
      message: expect.stringMatching(/scripts/),
    });
    const linked = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>',
    );
    await putImage(linked, 'linked.svg').expect(422);
    const tiny = renderSvgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
      16,
    );
    await putImage(tiny, 'tiny.png').expect(422);
    await putImage(Buffer.alloc(600 * 1024, 7), 'huge.png').expect(413);
    // Still the accepted PNG.
    const after = await request(campus.app).get(`/badges/achievements/${slug}/image`).expect(200);
    expect(after.headers['content-type']).toBe('image/png');

    const plainSvg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="#036"/></svg>';
    await putImage(Buffer.from(plainSvg), 'plain.svg').expect(204);
    const svg = await request(campus.app)
      .get(`/badges/achievements/${slug}/image`)
      .buffer(true)
      .expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    await admin.agent
      .delete(`/api/v1/admin/achievements/${slug}/image`)
      .set('x-csrf-token', admin.csrf)
      .expect(204);
    const generated = await request(campus.app)
      .get(`/badges/achievements/${slug}/image`)
      .buffer(true)
      .expect(200);
    expect(String(generated.body)).toContain('Image Basic (2027)');
  });

  test('the edit page saves details and uploads; the old .svg image address redirects', async () => {
    const page = await loggedIn(['admin']);
    const saved = await submitForm(
      page,
      `/admin/badges/achievements/${slug}`,
      `/admin/badges/achievements/${slug}`,
      {
        name: 'Image Basic',
        description: 'Certifies the basic level, again.',
        criteriaNarrative: 'Complete every course of the basic level.',
        tags: 'IPv6',
        color: '#0b5cad',
        validForMonths: '24',
      },
    );
    expect(saved.status).toBe(302);
    expect((await AchievementModel.findOne({ slug }).lean())!).toMatchObject({
      validForMonths: 24,
      tags: ['IPv6'],
    });
    const form = (await page.get(`/admin/badges/achievements/${slug}`).expect(200)).text;
    const action = /action="([^"]+\/image\?_csrf=[^"]+)"/.exec(form)![1]!.replace(/&amp;/g, '&');
    const bad = await page.post(action).attach('image', Buffer.from('GIF89a'), 'x.gif').expect(422);
    expect(bad.text).toContain('Upload a PNG or SVG image.');
    await request(campus.app).get(`/badges/achievements/${slug}/image.svg`).expect(301);
  });
});
