import { ensureSigningKeys } from '../../badges';
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { IssuerModel } from '../../badges/issuer/issuer.model';
import { SigningKeyModel } from '../../badges/keys/signing-key.model';
import request from 'supertest';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { apiLogin, apiUser, browser, submitForm, type Agent, type ApiUser } from '../support/http';
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
    const page = (await admin.get('/admin/badges').expect(200)).text;
    expect(page).toContain('retired');
    // Topics are ticks, not a multiple select that needs Ctrl or Cmd (a phone has neither).
    expect(page).toContain(
      'type="checkbox" id="field-alignment-ipv6" name="alignment" value="ipv6"',
    );
    expect(page).not.toMatch(/<select[^>]+name="alignment"/);
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
    // The level is drawn (one star for basic), not written: one image serves readers of any language.
    const texts = [...String(generated.body).matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(texts).toEqual(['Image Basic', '(2027)', 'Campus']);
    expect(String(generated.body).match(/<polygon/g)).toHaveLength(1);

    // The campus's pages ask for it in their reader's language; credentials link the bare URL.
    await admin.agent
      .patch(`/api/v1/admin/achievements/${slug}`)
      .set('x-csrf-token', admin.csrf)
      .send({ translations: { es: { name: 'Imagen Básico' } } })
      .expect(204);
    const image = (query: string) =>
      request(campus.app)
        .get(`/badges/achievements/${slug}/image${query}`)
        .buffer(true)
        .expect(200);
    expect(String((await image('?lang=es')).body)).toContain('<title>Imagen Básico</title>');
    expect(String((await image('')).body)).toContain('<title>Image Basic (2027)</title>');
    expect(String((await image('?lang=xx')).body)).toContain('<title>Image Basic (2027)</title>');
    const page = await request(campus.app)
      .get(`/badges/achievements/${slug}`)
      .set('Accept', 'text/html')
      .set('Accept-Language', 'es')
      .expect(200);
    expect(page.text).toContain(`src="/badges/achievements/${slug}/image?lang=es"`);
  });

  test('when an SVG hides active content behind namespaces, animation, styles or outside links, it is refused and the served image is unchanged', async () => {
    const svg = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><rect width="64" height="64" fill="#036"/>${body}</svg>`;
    const bypasses = {
      '<x:script>': svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'),
      '<set>': svg('<set attributeName="onmouseover" to="alert(1)"/>'),
      '<h:iframe>': svg(
        '<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>',
      ),
      '<style>': svg('<style>@import url(//evil.example/x.css)</style>'),
      '<animate>': svg(
        '<a href="#r"><animate attributeName="href" values="javascript:alert(1)"/><text y="9">x</text></a>',
      ),
      href: svg('<image href="https://evil.example/x.png" width="8" height="8"/>'),
      'xlink:href': svg('<image xlink:href="//evil.example/x.png" width="8" height="8"/>'),
      'href ': svg('<use href="http://evil.example/x.svg#a"/>'),
      fill: svg('<circle r="4" fill="url(https://evil.example/p.svg#g)"/>'),
      '<foreignObject>': svg(
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      ),
    };
    await putImage(Buffer.from(svg('')), 'before.svg').expect(204);
    const before = await request(campus.app).get(`/badges/achievements/${slug}/image`).buffer(true);
    for (const [what, body] of Object.entries(bypasses)) {
      const refused = await putImage(Buffer.from(body), 'evil.svg');
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0]).toMatchObject({
        field: 'image',
        message: expect.stringContaining(`“${what.trim()}”`),
      });
    }
    const after = await request(campus.app).get(`/badges/achievements/${slug}/image`).buffer(true);
    expect(String(after.body)).toBe(String(before.body));
    for (const trace of ['script', 'iframe', 'evil', 'set', 'animate', 'style', 'foreignObject'])
      expect(String(after.body)).not.toContain(trace);
    // Served as an inert image, never sniffed as anything else.
    expect(after.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(after.headers['x-content-type-options']).toBe('nosniff');

    // In the admin's language.
    const spanishAdmin = await createTestUser({ roles: ['admin'], language: 'es' });
    const spanish = await apiLogin(campus.app, {
      email: spanishAdmin.email,
      password: testPassword,
    });
    const refusedEs = await spanish.agent
      .put(`/api/v1/admin/achievements/${slug}/image`)
      .set('x-csrf-token', spanish.csrf)
      .attach('image', Buffer.from(bypasses['<set>']), 'evil.svg')
      .expect(422);
    expect(refusedEs.body.errors[0].message).toContain('Este SVG contiene algo');
  });

  test('when a PNG upload declares a chunk longer than the file, it is refused as damaged without reading that length', async () => {
    const png = renderSvgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="5"/></svg>',
      128,
    );
    const lying = Buffer.from(png);
    lying.writeUInt32BE(0xfffffff0, 8); // IHDR claims almost 4 GB: the chunk extractor would loop over it
    const refused = await putImage(lying, 'lying.png').expect(422);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'image',
      message: expect.stringMatching(/damaged/i),
    });
  });

  test('when an SVG nests deeper or holds more elements than a badge needs, it is refused before it is sanitized', async () => {
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(65)}${'</g>'.repeat(65)}</svg>`;
    const many = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect/>'.repeat(5001)}</svg>`;
    for (const body of [deep, many]) {
      const refused = await putImage(Buffer.from(body), 'complex.svg').expect(422);
      expect(refused.body.errors[0]).toMatchObject({
        field: 'image',
        message: expect.stringContaining('too complex'),
      });
    }
  });

  test('when an SVG draws with gradients, text, paths, shapes it reuses and an embedded PNG, it is accepted and draws the same', async () => {
    const png = renderSvgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#c00"/></svg>',
      8,
    ).toString('base64');
    const drawing = [
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="128" height="128" viewBox="0 0 128 128">',
      '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#036"/><stop offset="1" stop-color="#6cf"/></linearGradient>',
      '<radialGradient id="r"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#fc0"/></radialGradient>',
      '<path id="star" d="M10 0 L13 7 L20 7 L14 12 L16 20 L10 15 L4 20 L6 12 L0 7 L7 7 Z"/></defs>',
      '<rect width="128" height="128" rx="16" fill="url(#g)"/>',
      '<circle cx="64" cy="64" r="30" style="fill: url(&quot;#r&quot;); opacity: 0.9"/>',
      '<use href="#star" x="10" y="10" fill="#fff"/><use xlink:href="#star" x="98" y="10" fill="#fff"/>',
      '<text x="64" y="112" font-size="14" text-anchor="middle" fill="#fff" font-family="sans-serif">Campus &amp; co</text>',
      `<image x="56" y="56" width="16" height="16" href="data:image/png;base64,${png}"/>`,
      '</svg>',
    ].join('');
    await putImage(Buffer.from(drawing), 'normal.svg').expect(204);
    const served = await request(campus.app).get(`/badges/achievements/${slug}/image`).buffer(true);
    expect(served.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const stored = String(served.body);
    expect(Buffer.compare(renderSvgToPng(stored, 128), renderSvgToPng(drawing, 128))).toBe(0);
  });

  test('translations written on the edit page show to readers of that language; the credential keeps the original', async () => {
    const page = await loggedIn(['admin']);
    const form = await page.get(`/admin/badges/achievements/${slug}`).expect(200);
    expect(form.text).toContain('name="translations.es.name"');
    const saved = await submitForm(
      page,
      `/admin/badges/achievements/${slug}`,
      `/admin/badges/achievements/${slug}`,
      {
        name: 'Image Basic',
        description: 'Certifies the basic level.',
        criteriaNarrative: 'Complete every course of the basic level.',
        color: '#0b5cad',
        validForMonths: '',
        'translations.es.name': 'Imagen Básico',
        'translations.es.description': 'Certifica el nivel básico.',
        'translations.pt.name': '',
      },
    );
    expect(saved.status).toBe(302);
    const spanish = await request(campus.app)
      .get(`/badges/achievements/${slug}`)
      .set({ Accept: 'text/html', 'Accept-Language': 'es' })
      .expect(200);
    expect(spanish.text).toContain('<h1>Imagen Básico</h1>');
    expect(spanish.text).toContain('Certifica el nivel básico.');
    const portuguese = await request(campus.app)
      .get(`/badges/achievements/${slug}`)
      .set({ Accept: 'text/html', 'Accept-Language': 'pt' })
      .expect(200);
    expect(portuguese.text).toContain('<h1>Image Basic</h1>');
    const badgeClass = await request(campus.app)
      .get(`/badges/achievements/${slug}`)
      .set({ Accept: 'application/ld+json', 'Accept-Language': 'es' })
      .expect(200);
    expect(badgeClass.body.name).toBe('Image Basic');
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
