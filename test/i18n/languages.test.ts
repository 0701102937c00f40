import request from 'supertest';
import { UserModel } from '../../accounts/user.model';
import { formattersFor } from '../../i18n';
import { createTestUser, testPassword } from '../support/factories';
import { apiUser, browser, submitForm } from '../support/http';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

describe('choosing the language', () => {
  test('a visitor gets the language their browser asks for, else English', async () => {
    const spanish = await browser(campus.app)
      .get('/courses')
      .set('accept-language', 'es-MX,es;q=0.9,en;q=0.5')
      .expect(200);
    expect(spanish.headers['content-language']).toBe('es');
    expect(spanish.text).toContain('<html lang="es">');
    expect(spanish.text).toContain('<h1>Cursos</h1>');
    expect(spanish.text).toContain('Todos los temas');

    const portuguese = await browser(campus.app)
      .get('/courses')
      .set('accept-language', 'pt-BR')
      .expect(200);
    expect(portuguese.text).toContain('Pular para o conteúdo');

    const french = await browser(campus.app)
      .get('/courses')
      .set('accept-language', 'fr-FR,de;q=0.8')
      .expect(200);
    expect(french.text).toContain('<h1>Courses</h1>');
  });

  test('the switcher on every page sets a visitor’s language, over what the browser asks', async () => {
    const visitor = browser(campus.app);
    const home = await visitor.get('/').set('accept-language', 'es').expect(200);
    expect(home.text).toContain('href="/language/pt?next=%2F"');

    const switched = await visitor.get('/language/pt').query({ next: '/courses' }).expect(302);
    expect(switched.headers.location).toBe('/courses');
    expect(String(switched.headers['set-cookie'])).toMatch(/campus_lang=pt;.*HttpOnly/);
    const page = await visitor.get('/courses').set('accept-language', 'es').expect(200);
    expect(page.text).toContain('<h1>Cursos</h1>');
    expect(page.text).toContain('Todos os temas');

    // Another site as `next` is refused: the visitor stays here.
    const offsite = await visitor.get('/language/es').query({ next: '//evil.example' }).expect(302);
    expect(offsite.headers.location).toBe('/');
  });

  test('the privacy notice and the terms read as paragraphs of sentences in each language', async () => {
    for (const [language, opening] of [
      ['en', 'The campus keeps'],
      ['es', 'El campus guarda'],
      ['pt', 'O campus guarda'],
    ] as const)
      for (const policy of ['privacy', 'terms']) {
        const page = await request(campus.app)
          .get(`/${policy}`)
          .set('Accept-Language', language)
          .expect(200);
        const paragraphs = [...page.text.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => m[1]!);
        expect(paragraphs.length).toBeGreaterThanOrEqual(3);
        // Sentences, not one letter per paragraph (a list once came out joined, then split).
        expect(paragraphs.every((paragraph) => paragraph.length > 30)).toBe(true);
        if (policy === 'privacy') expect(paragraphs[0]).toContain(opening);
      }
  });

  test('a language that does not exist is a clear error and changes nothing', async () => {
    const visitor = browser(campus.app);
    const refused = await visitor.get('/language/fr').set('accept-language', 'es').expect(422);
    expect(refused.text).toContain('Campus no tiene el idioma “fr”');
    expect(refused.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('campus_lang')]),
    );

    const user = await createTestUser({ language: 'en' });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    const posted = await submitForm(agent, '/courses', '/language', { language: 'xx', next: '/' });
    expect(posted.status).toBe(422);
    expect(posted.text).toContain('Campus has no language “xx”');
    expect((await UserModel.findById(user._id).lean())?.language).toBe('en');

    const api = await apiUser(campus.app);
    const profile = await api.agent
      .patch('/api/v1/me')
      .set('x-csrf-token', api.csrf)
      .send({ language: 'klingon' })
      .expect(422);
    expect(profile.body.errors).toEqual([
      { field: 'language', message: 'Choose English, Español or Português.' },
    ]);
  });

  test('a signed-in user’s pick is saved to their profile: pages and emails follow it', async () => {
    const user = await createTestUser({ language: 'en', email: 'switcher@example.org' });
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    const switched = await submitForm(agent, '/dashboard', '/language', {
      language: 'es',
      next: '/dashboard',
    });
    expect(switched.status).toBe(302);
    expect(switched.headers.location).toBe('/dashboard');
    expect((await UserModel.findById(user._id).lean())?.language).toBe('es');
    // The profile wins over the browser's own language.
    const dashboard = await agent.get('/dashboard').set('accept-language', 'pt').expect(200);
    expect(dashboard.text).toContain('Mi aprendizaje');

    await submitForm(browser(campus.app), '/password/forgot', '/password/forgot', {
      email: user.email,
    });
    const [reset] = await emailsTo(campus, user.email);
    expect(reset?.subject).toBe('Restablece tu contraseña de Campus');
    expect(reset?.text).toContain('Abre este enlace dentro de una hora');
  });

  test('API errors are worded in the language asked for, zod’s own words too', async () => {
    const spanish = await browser(campus.app)
      .get('/api/v1/courses')
      .query({ language: 'fr' })
      .set('accept-language', 'es')
      .expect(422);
    expect(spanish.headers['content-type']).toMatch(/problem\+json/);
    expect(spanish.body.title).toBe('Algunos campos necesitan tu atención.');
    expect(spanish.body.errors).toEqual([
      { field: 'language', message: 'Elige English, Español o Português.' },
    ]);

    // A schema without a message of its own: zod's wording, in the user's profile language
    // (which wins over the header).
    const admin = await apiUser(campus.app, ['admin']);
    await admin.agent
      .patch('/api/v1/me')
      .set('x-csrf-token', admin.csrf)
      .send({ language: 'pt' })
      .expect(200);
    const typed = await admin.agent
      .post('/api/v1/admin/integrations')
      .set('x-csrf-token', admin.csrf)
      .set('accept-language', 'es')
      .send({ name: 42 })
      .expect(422);
    expect(typed.body.errors).toEqual([
      { field: 'name', message: 'Entrada inválida: esperava um texto, recebeu um número' },
    ]);
  });

  test('dates and numbers are written the way each language writes them', () => {
    const day = new Date('2026-11-24T14:30:00Z');
    expect(formattersFor('en').date(day)).toBe('24 November 2026');
    expect(formattersFor('es').date(day)).toBe('24 de noviembre de 2026');
    expect(formattersFor('pt').date(day)).toBe('24 de novembro de 2026');
    expect(formattersFor('pt').dateTime(day)).toBe('24 de novembro de 2026 às 14:30 UTC');
    // In the reader's zone, always named; an unknown zone falls back to UTC, said so.
    expect(formattersFor('es', 'America/Bogota').dateTime(day)).toBe(
      '24 de noviembre de 2026 a las 09:30 (GMT-5)',
    );
    expect(formattersFor('es', 'America/Argentina/Buenos_Aires').dateTime(day)).toMatch(
      /a las 11:30 \(GMT-3\)$/,
    );
    expect(formattersFor('en', 'No/Such_Zone').dateTime(day)).toBe('24 November 2026 at 14:30 UTC');
    expect(formattersFor('pt').number(12345.5, 1)).toBe('12.345,5');
    expect(formattersFor('en').number(12345.5, 1)).toBe('12,345.5');
    expect(formattersFor('es').percent(0.49)).toMatch(/^49\s?%$/);
  });
});
