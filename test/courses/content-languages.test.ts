// Courses, specializations, levels and badges are written in several languages: a reader sees
// theirs where it is written and the original elsewhere; instructors write translations beside
// the original. The demo campus is seeded as it would really be (Spanish courses in Spanish).
import { Types } from 'mongoose';
import request from 'supertest';
import { forgetCatalogListings } from '../../courses/catalog/catalog.service';
import { CourseModel } from '../../courses/catalog/course.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import { CompletionModel } from '../../courses/completion/completion.model';
import type { QuestionTranslation } from '../../courses/quizzes/question-language';
import { seedDemoCampus } from '../../server/seed';
import { demoCourses, demoSpecialization } from '../../server/demo-data';
import {
  createPublishedCourse,
  createTestUser,
  enrollTestStudent,
  testPassword,
} from '../support/factories';
import { apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  await seedDemoCampus(campus.context.logger);
});
afterAll(() => campus.close());

const titlesIn = (html: string) =>
  [...html.matchAll(/<h3 class="card-title"[^>]*><a href="\/courses\/[^"]+">([^<]+)<\/a>/g)].map(
    (m) => m[1],
  );
const inLanguage = (language: string) => ({ 'Accept-Language': language });
const demo = (slug: string) => demoCourses.find((course) => course.slug === slug)!;

describe('reading the catalog in one’s language', () => {
  test('a Spanish reader sees the specialization, its levels and a Spanish course in Spanish', async () => {
    const page = await request(campus.app)
      .get('/specializations/isp-network-operation')
      .set(inLanguage('es'))
      .expect(200);
    expect(page.text).toContain('Operación de redes de ISP');
    expect(page.text).toMatch(/<h2 id="level-basic"><a [^>]+>Básico</);
    expect(page.text).toContain(demoSpecialization.levels[0]!.translations.es.summary);
    expect(titlesIn(page.text)).toContain(demo('ipv6-fundamentals').title);
    // An English course has a Spanish translation: the reader gets it.
    expect(titlesIn(page.text)).toContain(demo('dns-dnssec-fundamentals').translations.es!.title);
  });

  test('an English reader sees the English translation of a Spanish course, and its lessons stay in Spanish in the course facts', async () => {
    const page = await request(campus.app)
      .get('/courses/ipv6-fundamentals')
      .set(inLanguage('en'))
      .expect(200);
    expect(page.text).toContain('<h1>IPv6 Fundamentals</h1>');
    expect(page.text).toMatch(/<dt>Language<\/dt><dd>Spanish<\/dd>/);
    expect(page.text).toContain(demo('ipv6-fundamentals').translations.en!.description!);
  });

  test('where a text is not translated, the original shows, marked with its language', async () => {
    await createPublishedCourse('only-in-english', [{ kind: 'lesson', title: 'Only lesson' }]);
    const page = await request(campus.app)
      .get('/courses?q=only-in-english')
      .set(inLanguage('pt'))
      .expect(200);
    expect(page.text).toContain(
      '<h3 class="card-title" lang="en"><a href="/courses/only-in-english">',
    );
  });

  test('a badge’s public page is in the reader’s language; its signed credential keeps the issuer’s words', async () => {
    const spanish = await request(campus.app)
      .get('/badges/achievements/isp-network-operation-basic')
      .set({ ...inLanguage('es'), Accept: 'text/html' })
      .expect(200);
    expect(spanish.text).toContain('<h1>Operación de redes de ISP — Básico</h1>');
    const json = await request(campus.app)
      .get('/badges/achievements/isp-network-operation-basic')
      .set({ ...inLanguage('es'), Accept: 'application/ld+json' })
      .expect(200);
    expect(JSON.parse(json.text).name).toBe('ISP Network Operation — Basic');
  });

  test('every demo lesson has a text of its own, in the course’s language and, for courses in another, in English', async () => {
    const courses = await CourseModel.find({
      slug: { $in: demoCourses.map((c) => c.slug) },
    }).lean();
    const lessons = courses.flatMap((course) =>
      course.modules
        .filter((module) => module.kind === 'lesson')
        .map((module) => ({ course, module })),
    );
    expect(lessons.length).toBeGreaterThan(40);
    const bodies = lessons.map(({ module }) => module.lesson!.markdown);
    expect(new Set(bodies).size).toBe(bodies.length);
    for (const { course, module } of lessons) {
      expect(module.lesson!.markdown.split(/\s+/).length).toBeGreaterThan(120);
      if (course.language !== 'en') {
        const english = (module.translations as Record<string, { markdown?: string }>).en;
        expect(english?.markdown?.length ?? 0).toBeGreaterThan(500);
      }
    }
  });

  test('every demo quiz question reads in all three languages, with as many options as the original', async () => {
    const courses = await CourseModel.find({
      slug: { $in: demoCourses.map((c) => c.slug) },
    }).lean();
    const questions = courses.flatMap((course) =>
      course.modules.flatMap((module) =>
        (module.quiz?.questions ?? []).map((question) => ({ course, question })),
      ),
    );
    expect(questions.length).toBeGreaterThan(10);
    for (const { course, question } of questions)
      for (const language of ['en', 'es', 'pt'].filter((code) => code !== course.language)) {
        const translation = (
          question.translations as Record<string, QuestionTranslation> | undefined
        )?.[language];
        expect(translation?.prompt).toBeTruthy();
        expect(translation?.prompt).not.toBe(question.prompt);
        expect(translation?.options).toHaveLength(question.options.length);
      }
  });

  test('an enrolled student reads a lesson in their language when it is translated, else in the course’s', async () => {
    const course = await CourseModel.findOne({ slug: 'ipv6-fundamentals' }).lean();
    const reader = await createTestUser({ language: 'en' });
    await enrollTestStudent(reader._id, course!._id);
    const { agent } = await apiLogin(campus.app, { email: reader.email, password: testPassword });
    const lesson = course!.modules.find((module) => module.kind === 'lesson')!;
    const english = await agent
      .get(`/api/v1/me/courses/ipv6-fundamentals/modules/${lesson._id}`)
      .expect(200);
    expect(english.body.player.current.title).toBe('Why IPv6');
    expect(english.body.player.current.lesson.language).toBe('en');

    const portuguese = await agent
      .get(`/api/v1/me/courses/ipv6-fundamentals/modules/${lesson._id}`)
      .set(inLanguage('pt'))
      .expect(200);
    // The profile's language wins over the browser's: still English.
    expect(portuguese.body.player.current.lesson.language).toBe('en');
    const spanishReader = await createTestUser({ language: 'es' });
    await enrollTestStudent(spanishReader._id, course!._id);
    const spanish = await (
      await apiLogin(campus.app, { email: spanishReader.email, password: testPassword })
    ).agent
      .get(`/api/v1/me/courses/ipv6-fundamentals/modules/${lesson._id}`)
      .expect(200);
    expect(spanish.body.player.current.title).toBe(lesson.title);
    expect(spanish.body.player.current.lesson.language).toBe('es');
  });
});

describe('writing a course in several languages', () => {
  async function instructorWithCourse(slug: string) {
    const instructor = await createTestUser({ roles: ['instructor'] });
    await createPublishedCourse(
      slug,
      [{ kind: 'lesson', title: 'Routing basics' }],
      [String(instructor._id)],
    );
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', {
      email: instructor.email,
      password: testPassword,
    });
    return agent;
  }
  test('an instructor’s course list is in their language, with the title as written beneath', async () => {
    const instructor = await createTestUser({ roles: ['instructor'], language: 'es' });
    await CourseModel.updateOne(
      { slug: 'dns-dnssec-fundamentals' },
      { $push: { instructors: instructor._id } },
    );
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', {
      email: instructor.email,
      password: testPassword,
    });
    const list = (await agent.get('/teach').expect(200)).text;
    const course = demo('dns-dnssec-fundamentals');
    expect(list).toContain(
      `>${course.translations.es!.title}</a><br><span class="subtle" lang="en">${course.title}</span>`,
    );
  });

  const details = {
    title: 'Routing for operators',
    summary: 'How routers pick their paths.',
    description: 'A course about routing.',
    language: 'en',
    hours: '3',
  };

  test('translations saved beside the original reach readers of that language once published', async () => {
    const agent = await instructorWithCourse('routing-translated');
    const page = await agent.get('/teach/courses/routing-translated').expect(200);
    expect(page.text).toContain('name="translations.es.title"');
    expect(page.text).toContain('name="translations.pt.description"');
    expect(page.text).not.toContain('name="translations.en.title"');
    expect(
      (
        await submitForm(
          agent,
          '/teach/courses/routing-translated',
          '/teach/courses/routing-translated',
          {
            ...details,
            'translations.es.title': 'Enrutamiento para operadores',
            'translations.es.summary': 'Cómo eligen sus caminos los routers.',
            'translations.es.description': '',
            'translations.pt.title': '',
          },
        )
      ).status,
    ).toBe(302);
    const saved = await agent.get('/teach/courses/routing-translated').expect(200);
    expect(saved.text).toContain('value="Enrutamiento para operadores"');

    expect(
      (
        await submitForm(
          agent,
          '/teach/courses/routing-translated',
          '/teach/courses/routing-translated/publish',
          {},
        )
      ).status,
    ).toBe(302);
    const spanish = await request(campus.app)
      .get('/courses/routing-translated')
      .set(inLanguage('es'))
      .expect(200);
    expect(spanish.text).toContain('<h1>Enrutamiento para operadores</h1>');
    // Not translated: the original description, marked English.
    expect(spanish.text).toContain('<p lang="en">A course about routing.</p>');
    const portuguese = await request(campus.app)
      .get('/courses/routing-translated')
      .set(inLanguage('pt'))
      .expect(200);
    expect(portuguese.text).toContain('<h1>Routing for operators</h1>');
  });

  test('a translation too long is refused with its field named, and nothing is saved', async () => {
    const agent = await instructorWithCourse('routing-too-long');
    const response = await submitForm(
      agent,
      '/teach/courses/routing-too-long',
      '/teach/courses/routing-too-long',
      { ...details, 'translations.pt.title': 'x'.repeat(161) },
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain('href="#field-translations.pt.title"');
    expect(response.text).toMatch(/id="field-translations\.pt\.title"[^>]*aria-invalid="true"/);
    const stored = await CourseModel.findOne({ slug: 'routing-too-long' }).lean();
    expect(stored!.draft.title).toBe('Course routing-too-long');
    expect(
      (stored!.draft.translations as { pt?: { title?: string } } | undefined)?.pt?.title ?? '',
    ).toBe('');
  });

  test('a form field naming an inherited property (hasOwnProperty, toString) changes nothing shared and the campus keeps answering', async () => {
    const agent = await instructorWithCourse('routing-hostile');
    const response = await submitForm(
      agent,
      '/teach/courses/routing-hostile',
      '/teach/courses/routing-hostile',
      {
        ...details,
        'translations.hasOwnProperty.call': 'x',
        'translations.toString.foo': 'bar',
        'translations.es.title': 'Enrutamiento',
      },
    );
    expect([302, 422]).toContain(response.status);
    expect(typeof Object.prototype.hasOwnProperty.call).toBe('function');
    expect((Object.prototype.toString as unknown as { foo?: string }).foo).toBeUndefined();
    await agent.get('/teach/courses/routing-hostile').expect(200);
  });

  test('a lesson’s translated text is rendered safely, like the original', async () => {
    const agent = await instructorWithCourse('routing-lesson');
    const course = await CourseModel.findOne({ slug: 'routing-lesson' }).lean();
    const path = `/teach/courses/routing-lesson/modules/${course!.draft.modules[0]!._id}`;
    expect(
      (
        await submitForm(agent, path, path, {
          kind: 'lesson',
          title: 'Routing basics',
          minutes: '10',
          markdown: '## Routes',
          'translations.es.title': 'Fundamentos de enrutamiento',
          'translations.es.markdown': '## Rutas\n\n<script>alert(1)</script>',
        })
      ).status,
    ).toBe(302);
    const saved = await CourseModel.findOne({ slug: 'routing-lesson' }).lean();
    const spanish = (
      saved!.draft.modules[0]!.translations as Record<string, Record<string, string>>
    ).es!;
    expect(spanish.title).toBe('Fundamentos de enrutamiento');
    expect(spanish.html).toContain('<h2');
    expect(spanish.html).not.toContain('<script>');
  });
});

describe('writing a specialization and its levels in several languages', () => {
  async function signedIn(roles: ('instructor' | 'admin')[]) {
    const user = await createTestUser({ roles });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    return agent;
  }
  const texts = {
    title: 'Routing Security',
    summary: 'Protect the routes your network announces.',
    description: 'RPKI, route filtering and MANRS, level by level.',
    'translations.es.title': 'Seguridad del enrutamiento',
    'translations.es.summary': 'Protege las rutas que anuncia tu red.',
    'translations.pt.title': 'Segurança do roteamento',
  };

  test('an admin creates one as a draft, translates it and a level’s summary side by side, places a course and publishes it; readers see their language', async () => {
    const admin = await signedIn(['admin']);
    const created = await submitForm(admin, '/teach/specializations', '/teach/specializations', {
      slug: 'routing-security',
      ...texts,
    });
    expect(created.headers.location).toBe('/teach/specializations/routing-security');
    // A draft: not in the catalog yet.
    await request(campus.app).get('/specializations/routing-security').expect(404);
    // Its levels have a summary in every language from the start.
    const editor = (await admin.get('/teach/specializations/routing-security').expect(200)).text;
    expect(editor).toContain('Los cursos de este nivel.');
    expect(editor).toContain('value="Seguridad del enrutamiento"');

    const level = await submitForm(
      admin,
      '/teach/specializations/routing-security',
      '/teach/specializations/routing-security/levels/intermediate',
      {
        summary: 'Sign your routes and validate others.',
        'translations.es.summary': 'Firma tus rutas y valida las de otros.',
      },
    );
    expect(level.headers.location).toBe(
      '/teach/specializations/routing-security#level-intermediate',
    );

    // Publishing an empty specialization is refused, saying why.
    const empty = await submitForm(
      admin,
      '/teach/specializations/routing-security',
      '/teach/specializations/routing-security/publish',
      {},
    );
    expect(empty.status).toBe(409);
    expect(empty.text).toContain('Place at least one published course');

    await createPublishedCourse('rpki-in-production', [{ kind: 'lesson', title: 'ROAs' }]);
    const placed = await submitForm(
      admin,
      '/teach/courses/rpki-in-production',
      '/teach/courses/rpki-in-production',
      {
        title: 'RPKI in production',
        summary: 'Sign and validate routes.',
        description: 'A course about RPKI.',
        language: 'en',
        hours: '2',
        specialization: 'routing-security',
        level: 'intermediate',
      },
    );
    expect(placed.status).toBe(302);
    await submitForm(
      admin,
      '/teach/specializations/routing-security',
      '/teach/specializations/routing-security/publish',
      {},
    ).then((response) => expect(response.status).toBe(302));

    const spanish = await request(campus.app)
      .get('/specializations/routing-security')
      .set(inLanguage('es'))
      .expect(200);
    expect(spanish.text).toContain('Seguridad del enrutamiento');
    expect(spanish.text).toContain('Firma tus rutas y valida las de otros.');
    expect(spanish.text).toMatch(/<h2 id="level-intermediate"><a [^>]+>Intermedio</);
    // Portuguese has a title but no summary: the summary shows in English.
    const portuguese = await request(campus.app)
      .get('/specializations/routing-security')
      .set(inLanguage('pt'))
      .expect(200);
    expect(portuguese.text).toContain('Segurança do roteamento');
    expect(portuguese.text).toContain(texts.summary);
    const level2 = await request(campus.app)
      .get('/specializations/routing-security/levels/intermediate')
      .set(inLanguage('es'))
      .expect(200);
    expect(level2.text).toContain('href="/courses/rpki-in-production"');

    // Published too early: taken out of the catalog again, its course stays on its own.
    const unpublish = () =>
      submitForm(
        admin,
        '/teach/specializations/routing-security',
        '/teach/specializations/routing-security/unpublish',
        { confirm: 'yes' },
      );
    // Without its tick, nothing happens.
    const unticked = await submitForm(
      admin,
      '/teach/specializations/routing-security',
      '/teach/specializations/routing-security/unpublish',
      {},
    );
    expect(unticked.headers.location).toBe('/teach/specializations/routing-security#publish-title');
    await request(campus.app).get('/specializations/routing-security').expect(200);
    expect((await unpublish()).headers.location).toBe('/teach/specializations/routing-security');
    await request(campus.app).get('/specializations/routing-security').expect(404);
    await request(campus.app)
      .get('/specializations/routing-security/levels/intermediate')
      .expect(404);
    await request(campus.app).get('/courses/rpki-in-production').expect(200);
    await submitForm(
      admin,
      '/teach/specializations/routing-security',
      '/teach/specializations/routing-security/publish',
      {},
    ).then((response) => expect(response.status).toBe(302));
    // Once a student has completed a level, its badge certifies it: it stays published.
    const specialization = await SpecializationModel.findOne({ slug: 'routing-security' }).lean();
    await CompletionModel.create({
      student: new Types.ObjectId(),
      scope: 'level',
      key: `level:${String(specialization!._id)}:intermediate`,
      specialization: specialization!._id,
      level: 'intermediate',
      completedAt: new Date(),
      recordedVia: 'progress',
    });
    const refused = await unpublish();
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('A student has completed one of its levels');
    const otherAdmin = await createTestUser({ roles: ['admin'] });
    const api = await apiLogin(campus.app, { email: otherAdmin.email, password: testPassword });
    await api.agent
      .post('/api/v1/authoring/specializations/routing-security/unpublish')
      .set('x-csrf-token', api.csrf)
      .expect(409);
    await request(campus.app).get('/specializations/routing-security').expect(200);
  });

  test('a blank summary or a taken address is refused with the field named and nothing changes; an instructor may not open the pages', async () => {
    const admin = await signedIn(['admin']);
    await submitForm(admin, '/teach/specializations', '/teach/specializations', {
      slug: 'dns-operations',
      ...texts,
    }).then((response) => expect(response.status).toBe(302));
    const taken = await submitForm(admin, '/teach/specializations', '/teach/specializations', {
      slug: 'dns-operations',
      ...texts,
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toMatch(
      /id="field-slug-error"[^>]*>A specialization already uses this address/,
    );

    const blank = await submitForm(
      admin,
      '/teach/specializations/dns-operations',
      '/teach/specializations/dns-operations/levels/basic',
      { summary: '' },
    );
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('id="level-basic-summary-error"');
    // The problem list links to that level's field, not to the specialization's summary.
    expect(blank.text).toContain('href="#level-basic-summary"');
    const editor = (await admin.get('/teach/specializations/dns-operations').expect(200)).text;
    // The refused level keeps its stored summary.
    expect(editor).toMatch(/id="level-basic-summary"[^>]*>The courses of this level\.</);

    const instructor = await signedIn(['instructor']);
    await instructor.get('/teach/specializations').expect(403);
    await instructor.get('/teach/specializations/dns-operations').expect(403);
  });

  test('the API writes the same texts and keeps translations a body leaves out', async () => {
    const admin = await createTestUser({ roles: ['admin'] });
    const api = await apiLogin(campus.app, { email: admin.email, password: testPassword });
    const created = await api.agent
      .post('/api/v1/authoring/specializations')
      .set('x-csrf-token', api.csrf)
      .send({
        slug: 'ipv6-deployment',
        title: 'IPv6 deployment',
        summary: 'From plan to production.',
        description: 'Address plans, transition and operations.',
        translations: { es: { title: 'Despliegue de IPv6' } },
      });
    expect(created.status).toBe(201);
    expect(created.body.specialization.levels.map((level: { key: string }) => level.key)).toEqual([
      'basic',
      'intermediate',
      'advanced',
    ]);
    await api.agent
      .put('/api/v1/authoring/specializations/ipv6-deployment')
      .set('x-csrf-token', api.csrf)
      .send({
        title: 'IPv6 Deployment',
        summary: 'From plan to production.',
        description: 'Address plans, transition and operations.',
      })
      .expect(204);
    const read = await api.agent
      .get('/api/v1/authoring/specializations/ipv6-deployment')
      .expect(200);
    expect([
      read.body.specialization.title,
      read.body.specialization.translations.es.title,
    ]).toEqual(['IPv6 Deployment', 'Despliegue de IPv6']);
    // A body that names one language leaves the others' translations alone.
    await api.agent
      .put('/api/v1/authoring/specializations/ipv6-deployment')
      .set('x-csrf-token', api.csrf)
      .send({
        title: 'IPv6 Deployment',
        summary: 'From plan to production.',
        description: 'Address plans, transition and operations.',
        translations: { pt: { title: 'Implantação de IPv6' } },
      })
      .expect(204);
    const both = await api.agent.get('/api/v1/authoring/specializations/ipv6-deployment');
    expect([
      both.body.specialization.translations.es.title,
      both.body.specialization.translations.pt.title,
    ]).toEqual(['Despliegue de IPv6', 'Implantação de IPv6']);
    const unknownLevel = await api.agent
      .put('/api/v1/authoring/specializations/ipv6-deployment/levels/expert')
      .set('x-csrf-token', api.csrf)
      .send({ summary: 'Only for experts.' });
    expect(unknownLevel.status).toBe(404);
  });
});

describe('searching the catalog', () => {
  const search = (query: string, language = 'en') =>
    request(campus.app).get(`/courses?${query}`).set(inLanguage(language)).expect(200);

  test('words find courses by title, topic and instructor, ignoring accents and case', async () => {
    expect(titlesIn((await search('q=KRILL')).text)).toEqual(['Delegated RPKI with Krill']);
    // "gestion" has no accent; the Spanish topic is "Gestión de redes".
    const management = titlesIn((await search('q=gestion', 'es')).text);
    expect(management).toEqual(expect.arrayContaining([demo('network-management-basics').title]));
    const julia = titlesIn((await search('q=julia+souza')).text);
    expect(julia).toContain('Delegated RPKI with Krill');
    expect(julia).not.toContain('IPv6 Fundamentals');
  });

  test('a word that means the same finds a course that uses another (gestão for gerenciamento, administration for management)', async () => {
    const portuguese = titlesIn((await search('q=gestão+de+redes', 'pt')).text);
    expect(portuguese).toContain(demo('network-management-basics').translations.pt!.title);
    const english = titlesIn((await search('q=network+administration')).text);
    expect(english).toContain('Network Management Basics');
    expect(english).not.toContain('IPv6 Fundamentals');
  });

  test('words in any of the course’s languages find it, shown in the reader’s', async () => {
    // "Fundamentos" is the Spanish title; an English reader finds it under its English title.
    const found = titlesIn((await search('q=fundamentos+ipv6')).text);
    expect(found).toEqual(['IPv6 Fundamentals']);
  });

  test('filters combine with words and with each other', async () => {
    const live = titlesIn((await search('format=live&level=advanced')).text);
    expect(live).toEqual(['Secure Routing and Automation Lab']);
    const standalone = titlesIn((await search('level=standalone')).text);
    expect(standalone).toContain('Introduction to Internet Governance in LAC');
    expect(standalone).not.toContain('IPv6 Fundamentals');
    const rpkiInSpanish = titlesIn((await search('q=rpki&language=es')).text);
    expect(rpkiInSpanish).toEqual(['BGP Security with RPKI and IRR']);
  });

  test('sorting by length puts the shortest course first', async () => {
    const hours = [...(await search('sort=shortest')).text.matchAll(/<li>(\d+) h<\/li>/g)].map(
      (m) => Number(m[1]),
    );
    expect(hours.length).toBeGreaterThan(5);
    expect(hours).toEqual([...hours].sort((a, b) => a - b));
  });

  test('when nothing matches, the page says so and offers a way on', async () => {
    const page = await search('q=rpki&topic=dns');
    expect(titlesIn(page.text)).toEqual([]);
    // Said once: the count line names the words.
    expect(page.text).toContain('No course matches “rpki”');
    expect(page.text).not.toContain('No course matches this search.');
    expect(page.text).toContain('href="/courses?q=rpki"');
    // Filters alone, without words: the page says no course matches them.
    const filtersOnly = await search('topic=dns&language=pt');
    expect(titlesIn(filtersOnly.text)).toEqual([]);
    expect(filtersOnly.text).toContain('No course matches this search.');
    expect(page.text).toContain('href="/courses?topic=ipv6"');
    // Two letters swapped: too far for the search itself, close enough to suggest.
    const typo = await search('q=dnsesc');
    expect(titlesIn(typo.text)).toEqual([]);
    expect(typo.text).toMatch(/Did you mean:\s*<a href="\/courses\?q=dnssec">dnssec<\/a>/);
    // One letter wrong: found anyway.
    expect(titlesIn((await search('q=dnssek')).text)).toEqual(['DNS and DNSSEC Fundamentals']);
  });

  test('an unknown filter value is a 422 naming the field, and the list still shows', async () => {
    const page = await request(campus.app).get('/courses?level=expert').expect(422);
    expect(page.text).toContain('Choose a level from the list.');
    expect(titlesIn(page.text).length).toBeGreaterThanOrEqual(demoCourses.length);
  });

  test('a long list comes a page at a time, with the words and filters kept from page to page', async () => {
    const paging = Array.from({ length: 50 }, (_, index) => ({
      slug: `paging-course-${index}`,
      status: 'published',
      version: 1,
      instructors: [],
      title: `Paging course ${String(index).padStart(2, '0')}`,
      summary: 'A course to fill pages.',
      description: 'A course to fill pages.',
      language: 'en',
      hours: 1,
      topics: ['automation'],
      modules: [],
      draft: { title: 'x', summary: 'x', description: 'x', language: 'en', hours: 1 },
    }));
    await CourseModel.insertMany(paging);
    forgetCatalogListings();
    const first = await search('q=paging&topic=automation');
    expect(titlesIn(first.text)).toHaveLength(48);
    expect(first.text).toContain('50 courses match “paging” · page 1 of 2');
    expect(first.text).toContain(
      'href="/courses?topic=automation&amp;q=paging&amp;page=2" rel="next"',
    );
    const second = await search('q=paging&topic=automation&page=2');
    expect(titlesIn(second.text)).toEqual(['Paging course 48', 'Paging course 49']);
    // The JSON API lists every match.
    const api = await request(campus.app).get('/api/v1/courses?q=paging').expect(200);
    expect(api.body.courses).toHaveLength(50);
  });

  test('the API searches the same way', async () => {
    const response = await request(campus.app).get('/api/v1/courses?q=dnssec').expect(200);
    expect(response.body.courses.map((course: { slug: string }) => course.slug)).toEqual([
      'dns-dnssec-fundamentals',
    ]);
  });
});

test('a lesson not yet written in the reader’s language says so above the text it shows', async () => {
  const course = await CourseModel.findOne({ slug: 'bgp-security-rpki-irr' }).lean();
  const firstLesson = `/learn/bgp-security-rpki-irr/modules/${String(course!.modules[0]!._id)}`;
  const lessonFor = async (language: 'es' | 'pt') => {
    const reader = await createTestUser({ language });
    const api = await apiLogin(campus.app, { email: reader.email, password: testPassword });
    await api.agent
      .put('/api/v1/me/enrollments/bgp-security-rpki-irr')
      .set('x-csrf-token', api.csrf)
      .expect(200);
    return (await api.agent.get(firstLesson).expect(200)).text;
  };
  const portuguese = await lessonFor('pt');
  expect(portuguese).toContain(
    'Esta lição ainda não foi escrita em português: ela aparece no idioma do curso, espanhol.',
  );
  expect(portuguese).toMatch(/<div class="lesson-body" lang="es">/);
  // A lesson in the reader's own language carries no such notice.
  expect(await lessonFor('es')).not.toContain('notice-language');
});
