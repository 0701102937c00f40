// Course pictures (an upload, else the topic's drawing), instructor profiles, the course details
// page that saves in one go, and archiving a course: what students, instructors and admins see.
import { JSDOM } from 'jsdom';
import mongoose from 'mongoose';
import { UserModel } from '../../accounts/user.model';
import sharp from 'sharp';
import { CourseModel } from '../../courses/catalog/course.model';
import { deleteUnusedCourseImages } from '../../courses/catalog/sweep-unused-course-images.job';
import type { Language } from '../../i18n';
import {
  createDraftCourse,
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  enrollTestStudent,
  testPassword,
} from '../support/factories';
import { apiUser, binaryBody, browser, csrfFrom, submitForm, type Agent } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const pageOf = (html: string) => new JSDOM(html).window.document;

/** A photo as a phone makes one: 4:3, JPEG, with EXIF that names the camera. */
const cameraPhoto = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2a7fba' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'CampusTestCam', Model: 'Secret Model 9' } })
    .toBuffer();

async function loggedIn(roles: ('student' | 'instructor' | 'admin')[], language: Language = 'en') {
  const user = await createTestUser({ roles, language });
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
  return { user, agent, id: String(user._id) };
}

async function uploadPicture(agent: Agent, slug: string, buffer: Buffer, filename: string) {
  const csrf = await csrfFrom(agent, `/teach/courses/${slug}`);
  return agent
    .post(`/teach/courses/${slug}/image?_csrf=${encodeURIComponent(csrf)}`)
    .attach('file', buffer, filename);
}

const picture = (agent: Agent, url: string) =>
  agent.get(url).buffer(true).parse(binaryBody).expect(200);

describe('course pictures', () => {
  test('an uploaded photo is cropped to 16:9 WebP without its EXIF, and students see it once the course is published again', async () => {
    const instructor = await loggedIn(['instructor']);
    const course = await createPublishedCourse(
      'pictured',
      [{ kind: 'lesson', title: 'One' }],
      [instructor.id],
    );
    await CourseModel.updateOne({ _id: course._id }, { topics: ['bgp'], 'draft.topics': ['bgp'] });

    const visitor = browser(campus.app);
    const before = pageOf((await visitor.get('/courses/pictured').expect(200)).text);
    expect(before.querySelector('.course-picture')!.getAttribute('src')).toBe(
      '/course-images/bgp.svg',
    );

    const uploaded = await uploadPicture(
      instructor.agent,
      'pictured',
      await cameraPhoto(),
      'me.jpg',
    );
    expect(uploaded.status).toBe(302);
    // Until the next publish the students' page keeps the old picture; the editor shows the new one.
    expect(
      pageOf((await visitor.get('/courses/pictured').expect(200)).text)
        .querySelector('.course-picture')!
        .getAttribute('src'),
    ).toBe('/course-images/bgp.svg');
    const editor = pageOf((await instructor.agent.get('/teach/courses/pictured').expect(200)).text);
    const draftUrl = editor.querySelector('.course-picture-preview')!.getAttribute('src')!;
    expect(draftUrl).toMatch(/^\/teach\/courses\/pictured\/images\/[0-9a-f]{24}$/);
    await visitor.get(draftUrl).expect(302); // the draft's picture is for its staff

    const published = await submitForm(
      instructor.agent,
      '/teach/courses/pictured',
      '/teach/courses/pictured/publish',
      {},
    );
    expect(published.status).toBe(302);
    const catalog = pageOf((await visitor.get('/courses').expect(200)).text);
    const cardUrl = [...catalog.querySelectorAll('.card')]
      .find((card) => card.textContent!.includes('Course pictured'))!
      .querySelector('img')!
      .getAttribute('src')!;
    expect(cardUrl).toMatch(/^\/courses\/pictured\/images\/[0-9a-f]{24}$/);
    const card = await picture(visitor, cardUrl);
    expect(card.headers['content-type']).toBe('image/webp');
    expect(card.headers['cache-control']).toContain('public');
    const shape = await sharp(card.body as Buffer).metadata();
    expect([shape.format, shape.width, shape.height]).toEqual(['webp', 640, 360]);
    expect(shape.exif).toBeUndefined();
    expect((card.body as Buffer).includes(Buffer.from('CampusTestCam'))).toBe(false);

    const wideUrl = pageOf((await visitor.get('/courses/pictured').expect(200)).text)
      .querySelector('.course-picture')!
      .getAttribute('src')!;
    const wide = await sharp((await picture(visitor, wideUrl)).body as Buffer).metadata();
    expect([wide.width, wide.height]).toEqual([1280, 720]);
  });

  test('an SVG, a text file named .png or an empty form is refused naming the file field, and the draft keeps its picture', async () => {
    const instructor = await loggedIn(['instructor'], 'es');
    await createPublishedCourse(
      'refused-pictures',
      [{ kind: 'lesson', title: 'One' }],
      [instructor.id],
    );
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    for (const [buffer, name] of [
      [svg, 'logo.svg'],
      [Buffer.from('not a picture at all'), 'photo.png'],
    ] as const) {
      const refused = await uploadPicture(instructor.agent, 'refused-pictures', buffer, name);
      expect(refused.status).toBe(422);
      const page = pageOf(refused.text);
      expect(page.querySelector('#field-image-error')!.textContent).toContain('PNG, JPEG o WebP');
    }
    // A few bytes that would be enlarged into gigapixels: refused before any resizing.
    const strip = await sharp({
      create: { width: 12500, height: 1, channels: 3, background: '#000' },
    })
      .png()
      .toBuffer();
    const thin = await uploadPicture(instructor.agent, 'refused-pictures', strip, 'strip.png');
    expect(thin.status).toBe(422);
    const thinPage = pageOf(thin.text);
    expect(thinPage.querySelector('#field-image-error')!.textContent).toContain(
      'demasiado pequeña',
    );
    // The details form above still shows the stored texts, not the picture form's empty post.
    expect(thinPage.querySelector<HTMLInputElement>('#field-title')!.value).toBe(
      'Course refused-pictures',
    );
    const csrf = await csrfFrom(instructor.agent, '/teach/courses/refused-pictures');
    const empty = await instructor.agent
      .post(`/teach/courses/refused-pictures/image?_csrf=${encodeURIComponent(csrf)}`)
      .field('other', 'x');
    expect(empty.status).toBe(422);
    expect(pageOf(empty.text).querySelector('#field-image-error')!.textContent).toContain(
      'Elige una imagen',
    );
    const stored = await CourseModel.findOne({ slug: 'refused-pictures' }).lean();
    expect(stored!.draft.image?.card).toBeUndefined();
  });

  test('a picture is taken back to the drawing, and another course’s instructor can neither set nor see a draft picture', async () => {
    const owner = await loggedIn(['instructor']);
    const stranger = await loggedIn(['instructor']);
    await createPublishedCourse('guarded-picture', [{ kind: 'lesson', title: 'One' }], [owner.id]);
    expect(
      (await uploadPicture(owner.agent, 'guarded-picture', await cameraPhoto(), 'a.jpg')).status,
    ).toBe(302);
    const draftUrl = pageOf(
      (await owner.agent.get('/teach/courses/guarded-picture').expect(200)).text,
    )
      .querySelector('.course-picture-preview')!
      .getAttribute('src')!;
    await stranger.agent.get(draftUrl).expect(403);
    const csrf = await csrfFrom(stranger.agent, '/profile');
    await stranger.agent
      .post(`/teach/courses/guarded-picture/image?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', await cameraPhoto(), 'b.jpg')
      .expect(403);

    const removed = await submitForm(
      owner.agent,
      '/teach/courses/guarded-picture',
      '/teach/courses/guarded-picture/image/remove',
      {},
    );
    expect(removed.status).toBe(302);
    const editor = pageOf(
      (await owner.agent.get('/teach/courses/guarded-picture').expect(200)).text,
    );
    expect(editor.querySelector('.course-picture-preview')!.getAttribute('src')).toBe(
      '/course-images/general.svg',
    );
  });

  test('the daily sweep deletes pictures no course shows any more, and keeps the published one and the draft’s', async () => {
    const instructor = await loggedIn(['instructor']);
    const course = await createPublishedCourse(
      'swept-pictures',
      [{ kind: 'lesson', title: 'One' }],
      [instructor.id],
    );
    const stored = async () =>
      (await CourseModel.findById(course._id).select('image draft.image').lean())!;
    const upload = async () => {
      const response = await uploadPicture(
        instructor.agent,
        'swept-pictures',
        await cameraPhoto(),
        'p.jpg',
      );
      expect(response.status).toBe(302);
    };
    await upload(); // first: replaced before publishing, never shown to students
    const first = (await stored()).draft.image!;
    await upload(); // second: published
    await submitForm(
      instructor.agent,
      '/teach/courses/swept-pictures',
      '/teach/courses/swept-pictures/publish',
      {},
    ).then((response) => expect(response.status).toBe(302));
    await upload(); // third: the draft's, not yet published
    const { image: published, draft } = await stored();

    const files = mongoose.connection.db!.collection('courseImages.files');
    const ids = (image: { card?: unknown; wide?: unknown }) => [image.card, image.wide];
    // Today's uploads are left alone (one may still be saving its course)...
    expect((await deleteUnusedCourseImages()).removed).toBe(0);
    // ...and a day later only what a course shows remains.
    await deleteUnusedCourseImages(new Date(Date.now() + 60_000));
    const left = (await files.find({ 'metadata.course': course._id }).toArray()).map((file) =>
      String(file._id),
    );
    expect(left.sort()).toEqual([...ids(published!), ...ids(draft.image!)].map(String).sort());
    expect(left).not.toContain(String(first.card));
    await browser(campus.app).get(`/courses/swept-pictures/images/${published!.card}`).expect(200);
  });

  test('each topic has its own drawing, an SVG with no outside references; an unknown topic is not found', async () => {
    const visitor = browser(campus.app);
    const bgp = await visitor.get('/course-images/bgp.svg').expect(200);
    expect(bgp.headers['content-type']).toContain('image/svg+xml');
    const dns = await visitor.get('/course-images/dns.svg').expect(200);
    expect(String(bgp.body)).not.toBe(String(dns.body));
    expect(String(bgp.body)).not.toMatch(/href|script|url\((?!#)/i);
    await visitor.get('/course-images/toString.svg').expect(404);
    await visitor.get('/course-images/nothing.svg').expect(404);
  });

  test('the API sets and removes a picture, and refuses a student', async () => {
    const instructor = await apiUser(campus.app, ['instructor']);
    await createPublishedCourse('api-picture', [{ kind: 'lesson', title: 'One' }], [instructor.id]);
    const put = () =>
      instructor.agent
        .put('/api/v1/authoring/courses/api-picture/image')
        .set('x-csrf-token', instructor.csrf);
    await put()
      .attach('file', await cameraPhoto(), 'p.jpg')
      .expect(204);
    const shown = await instructor.agent.get('/api/v1/authoring/courses/api-picture').expect(200);
    expect(shown.body.course.image.isDefault).toBe(false);
    const refused = await put().attach('file', Buffer.from('<svg/>'), 'p.svg').expect(422);
    expect(refused.body.errors).toEqual([
      { field: 'file', message: 'Upload a PNG, JPEG or WebP picture.' },
    ]);
    await instructor.agent
      .delete('/api/v1/authoring/courses/api-picture/image')
      .set('x-csrf-token', instructor.csrf)
      .expect(204);
    const student = await apiUser(campus.app, ['student']);
    await student.agent
      .put('/api/v1/authoring/courses/api-picture/image')
      .set('x-csrf-token', student.csrf)
      .attach('file', await cameraPhoto(), 'p.jpg')
      .expect(403);
  });
});

describe('instructor profiles', () => {
  test('an instructor writes a headline and biography with a Spanish translation and a photo; Spanish readers see them on the course page and the instructor page', async () => {
    const instructor = await loggedIn(['instructor']);
    await createPublishedCourse(
      'taught-course',
      [{ kind: 'lesson', title: 'One' }],
      [instructor.id],
    );
    const saved = await submitForm(instructor.agent, '/profile/teaching', '/profile/teaching', {
      language: 'en',
      headline: 'Runs the route server at an IXP',
      bio: 'First paragraph.\n\nSecond paragraph.',
      'translations.es.headline': 'Opera el route server de un IXP',
      'translations.es.bio': '',
    });
    expect(saved.status).toBe(302);
    const csrf = await csrfFrom(instructor.agent, '/profile/teaching');
    await instructor.agent
      .post(`/profile/teaching/photo?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', await cameraPhoto(), 'face.jpg')
      .expect(302);

    const reader = browser(campus.app);
    const course = pageOf(
      (await reader.get('/courses/taught-course').set('Accept-Language', 'es').expect(200)).text,
    );
    const summary = course.querySelector('.instructor-summary')!;
    expect(summary.querySelector('.instructor-name')!.getAttribute('href')).toBe(
      `/instructors/${instructor.id}`,
    );
    expect(summary.textContent).toContain('Opera el route server de un IXP');

    const page = pageOf(
      (await reader.get(`/instructors/${instructor.id}`).set('Accept-Language', 'es').expect(200))
        .text,
    );
    expect(page.querySelector('h1')!.textContent).toBe(instructor.user.displayName);
    // The biography has no Spanish yet: the English shows, marked as English, in two paragraphs.
    const bio = page.querySelector('.instructor-bio')!;
    expect(bio.getAttribute('lang')).toBeNull();
    expect([...bio.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'First paragraph.',
      'Second paragraph.',
    ]);
    expect(page.querySelector('.cards')!.textContent).toContain('Course taught-course');
    const photoUrl = page.querySelector('img.instructor-photo')!.getAttribute('src')!;
    const photo = await sharp((await picture(reader, photoUrl)).body as Buffer).metadata();
    expect([photo.format, photo.width, photo.height]).toEqual(['webp', 320, 320]);

    // A new photo replaces the old one, which is deleted (a photo is personal data).
    const again = await csrfFrom(instructor.agent, '/profile/teaching');
    await instructor.agent
      .post(`/profile/teaching/photo?_csrf=${encodeURIComponent(again)}`)
      .attach('file', await cameraPhoto(), 'newer.jpg')
      .expect(302);
    await reader.get(photoUrl).expect(404);
    const photos = mongoose.connection.db!.collection('instructorPhotos.files');
    expect(await photos.countDocuments({ 'metadata.user': instructor.user._id })).toBe(1);
    // Three uploads at the same instant (two tabs, a double tap): one photo wins, a loser is told
    // to reload, and no photo is left behind in storage.
    const token = await csrfFrom(instructor.agent, '/profile/teaching');
    const uploads = await Promise.all(
      ['one.jpg', 'two.jpg', 'three.jpg'].map(async (name) =>
        instructor.agent
          .post(`/profile/teaching/photo?_csrf=${encodeURIComponent(token)}`)
          .attach('file', await cameraPhoto(), name),
      ),
    );
    expect(uploads.map((upload) => upload.status).sort()).toEqual(expect.arrayContaining([302]));
    for (const upload of uploads.filter((each) => each.status !== 302)) {
      expect(upload.status).toBe(409);
      expect(upload.text).toContain('Your photo changed in another window meanwhile');
    }
    const stored = await photos.find({ 'metadata.user': instructor.user._id }).toArray();
    const kept = await UserModel.findById(instructor.user._id).select('instructorProfile').lean();
    expect(stored.map((file) => String(file._id))).toEqual([
      String(kept!.instructorProfile!.photo),
    ]);
    // A disabled account's photo is served no more.
    const current = (await instructor.agent.get('/profile/teaching').expect(200)).text;
    const currentUrl = pageOf(current).querySelector('img.instructor-photo')!.getAttribute('src')!;
    await UserModel.updateOne({ _id: instructor.user._id }, { disabledAt: new Date() });
    await reader.get(currentUrl).expect(404);
  });

  test('a student has no instructor page or profile form, and an instructor without published courses has no public page', async () => {
    const student = await loggedIn(['student']);
    const visitor = browser(campus.app);
    await visitor.get(`/instructors/${student.id}`).expect(404);
    await visitor.get('/instructors/not-an-id').expect(404);
    await student.agent.get('/profile/teaching').expect(403);
    const newcomer = await loggedIn(['instructor']);
    await visitor.get(`/instructors/${newcomer.id}`).expect(404);
    await newcomer.agent.get('/profile/teaching').expect(200);
  });

  test('a too-long biography is refused with the field named, and nothing is saved', async () => {
    const instructor = await loggedIn(['instructor']);
    const refused = await submitForm(instructor.agent, '/profile/teaching', '/profile/teaching', {
      language: 'en',
      headline: 'Fine',
      bio: 'x'.repeat(2001),
    });
    expect(refused.status).toBe(422);
    expect(pageOf(refused.text).querySelector('#field-bio-error')).not.toBeNull();
    const form = pageOf((await instructor.agent.get('/profile/teaching').expect(200)).text);
    expect(form.querySelector<HTMLInputElement>('#field-headline')!.value).toBe('');
  });
});

describe('the course details page saves in one go', () => {
  test('an admin changes the texts, who may enroll and the placement with one Save', async () => {
    const admin = await loggedIn(['admin']);
    const course = await createPublishedCourse('one-save', [{ kind: 'lesson', title: 'One' }]);
    await createSpecialization('one-save-spec', [{ key: 'basic', courses: [] }]);
    const saved = await submitForm(
      admin.agent,
      '/teach/courses/one-save',
      '/teach/courses/one-save',
      {
        title: 'A better title',
        summary: 'A summary long enough.',
        description: 'A description long enough.',
        language: 'en',
        hours: '3',
        policy: 'restricted',
        specialization: 'one-save-spec',
        level: 'basic',
      },
    );
    expect(saved.status).toBe(302);
    const stored = await CourseModel.findById(course._id).lean();
    expect([stored!.draft.title, stored!.enrollmentPolicy]).toEqual([
      'A better title',
      'restricted',
    ]);
    const editor = pageOf((await admin.agent.get('/teach/courses/one-save').expect(200)).text);
    expect(editor.querySelector<HTMLSelectElement>('#field-specialization')!.value).toBe(
      'one-save-spec',
    );
    expect(
      editor.querySelectorAll('form[action="/teach/courses/one-save"] button[type=submit]'),
    ).toHaveLength(1);
  });

  test('an unknown specialization is refused with the field named, and neither the texts nor the policy change', async () => {
    const admin = await loggedIn(['admin']);
    const course = await createPublishedCourse('one-save-refused', [
      { kind: 'lesson', title: 'One' },
    ]);
    const refused = await submitForm(
      admin.agent,
      '/teach/courses/one-save-refused',
      '/teach/courses/one-save-refused',
      {
        title: 'Should not be saved',
        summary: 'A summary long enough.',
        description: 'A description long enough.',
        language: 'en',
        hours: '3',
        policy: 'restricted',
        specialization: 'no-such-specialization',
        level: 'basic',
      },
    );
    expect(refused.status).toBe(422);
    const page = pageOf(refused.text);
    expect(page.querySelector('#field-specialization-error')).not.toBeNull();
    expect(page.querySelector<HTMLInputElement>('#field-title')!.value).toBe('Should not be saved');
    const stored = await CourseModel.findById(course._id).lean();
    expect([stored!.draft.title, stored!.enrollmentPolicy]).toEqual([
      'Course one-save-refused',
      'open',
    ]);
  });
});

describe('archiving a course', () => {
  const catalogSlugs = async (agent: Agent, query = '') =>
    [
      ...pageOf(
        (await agent.get(`/courses${query}`).expect(200)).text,
      ).querySelectorAll<HTMLAnchorElement>('a[href^="/courses/"]'),
    ].map((link) => link.getAttribute('href'));

  test('an archived course leaves the catalog and its instructor page and takes no new student; the enrolled one keeps learning; restoring brings it back', async () => {
    const instructor = await loggedIn(['instructor']);
    const course = await createPublishedCourse(
      'archived-rpki',
      [{ kind: 'lesson', title: 'Origin validation' }],
      [instructor.id],
    );
    await UserModel.updateOne(
      { _id: instructor.user._id },
      { instructorProfile: { headline: 'Teaches RPKI', bio: 'Routing security.', language: 'en' } },
    );
    const enrolled = await loggedIn(['student'], 'es');
    await enrollTestStudent(enrolled.user._id, course._id);
    const newcomer = await loggedIn(['student'], 'es');
    expect(await catalogSlugs(newcomer.agent, '?q=archived-rpki')).toContain(
      '/courses/archived-rpki',
    );

    // Without the tick nothing happens; with it the course is archived.
    const unticked = await submitForm(
      instructor.agent,
      '/teach/courses/archived-rpki',
      '/teach/courses/archived-rpki/archive',
      {},
    );
    expect(unticked.headers.location).toBe('/teach/courses/archived-rpki#archive');
    expect((await CourseModel.findById(course._id).lean())!.archivedAt).toBeUndefined();
    await submitForm(
      instructor.agent,
      '/teach/courses/archived-rpki',
      '/teach/courses/archived-rpki/archive',
      { confirm: 'yes' },
    ).then((response) => expect(response.status).toBe(302));
    const editor = pageOf(
      (await instructor.agent.get('/teach/courses/archived-rpki').expect(200)).text,
    );
    expect(editor.querySelector('.status-archived')!.textContent).toContain('Archived');
    expect(
      editor.querySelector('form[action="/teach/courses/archived-rpki/restore"]'),
    ).not.toBeNull();

    // Gone from the catalog, its search and the instructor's public page.
    expect(await catalogSlugs(newcomer.agent, '?q=archived-rpki')).not.toContain(
      '/courses/archived-rpki',
    );
    await newcomer.agent.get(`/instructors/${instructor.id}`).expect(404);
    // Its page stays, in the reader's language, saying why there is no Enroll button.
    const page = pageOf((await newcomer.agent.get('/courses/archived-rpki').expect(200)).text);
    expect(page.querySelector('.actions .notice-warning')!.textContent).toContain('archivado');
    expect(page.querySelector('form[action="/courses/archived-rpki/enroll"]')).toBeNull();
    // A hand-made enrol request is refused, and nothing is written.
    const csrf = await csrfFrom(newcomer.agent, '/dashboard');
    await newcomer.agent
      .post('/courses/archived-rpki/enroll')
      .type('form')
      .send({ _csrf: csrf })
      .expect(302);
    const refusedPage = (await newcomer.agent.get('/courses/archived-rpki').expect(200)).text;
    expect(pageOf(refusedPage).querySelector('.notice')!.textContent).toContain('archivado');
    const api = await apiUser(campus.app);
    const viaApi = await api.agent
      .put('/api/v1/me/enrollments/archived-rpki')
      .set('x-csrf-token', api.csrf)
      .send({});
    expect(viaApi.status).toBe(409);
    expect(
      await mongoose.connection
        .db!.collection('enrollments')
        .countDocuments({ course: course._id }),
    ).toBe(1);

    // Cohort imports refuse it in the preview, naming the course.
    const admin = await loggedIn(['admin']);
    const preview = await submitForm(admin.agent, '/admin/cohorts', '/admin/cohorts', {
      action: 'preview',
      cohort: 'Late cohort',
      csv: 'email\nsomeone@example.org',
      target: 'course',
      course: 'archived-rpki',
    });
    expect(preview.status).toBe(422);
    expect(pageOf(preview.text).querySelector('#field-course-error')!.textContent).toContain(
      'archived',
    );

    // The student already in it keeps the course, and may leave and come back to it.
    await submitForm(enrolled.agent, '/courses/archived-rpki', '/courses/archived-rpki/unenroll', {
      confirm: 'yes',
    }).then((response) => expect(response.status).toBe(302));
    await submitForm(enrolled.agent, '/courses/archived-rpki', '/courses/archived-rpki/enroll', {});
    const back = await mongoose.connection
      .db!.collection('enrollments')
      .findOne({ student: enrolled.user._id, course: course._id });
    expect(back!.status).toBe('active');
    const player = await enrolled.agent.get('/learn/archived-rpki').redirects(1).expect(200);
    expect(pageOf(player.text).querySelector('h1')!.textContent).toContain('Origin validation');

    // Restored: back in the catalog.
    await submitForm(
      instructor.agent,
      '/teach/courses/archived-rpki',
      '/teach/courses/archived-rpki/restore',
      {},
    ).then((response) => expect(response.status).toBe(302));
    expect(await catalogSlugs(newcomer.agent, '?q=archived-rpki')).toContain(
      '/courses/archived-rpki',
    );
    const audit = await mongoose.connection
      .db!.collection('auditentries')
      .find({ course: course._id })
      .toArray();
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'course.archived',
      'course.restored',
    ]);
  });

  test('a course in a level, or a draft, is not archived and the editor says why; another course’s instructor may not archive it', async () => {
    const admin = await loggedIn(['admin']);
    const placed = await createPublishedCourse('archive-placed', [
      { kind: 'lesson', title: 'One' },
    ]);
    await createSpecialization('archive-placed-spec', [{ key: 'basic', courses: [placed._id] }]);
    const refused = await submitForm(
      admin.agent,
      '/teach/courses/archive-placed',
      '/teach/courses/archive-placed/archive',
      { confirm: 'yes' },
    );
    expect(refused.status).toBe(409);
    expect(pageOf(refused.text).querySelector('[role=alert]')!.textContent).toContain(
      'administrator takes it out of the level',
    );
    expect((await CourseModel.findById(placed._id).lean())!.archivedAt).toBeUndefined();

    const other = await apiUser(campus.app, ['instructor']);
    const forbidden = await other.agent
      .post('/api/v1/authoring/courses/archive-placed/archive')
      .set('x-csrf-token', other.csrf);
    expect(forbidden.status).toBe(403);

    await createDraftCourse('archive-draft');
    const draftRefused = await submitForm(
      admin.agent,
      '/teach/courses/archive-draft',
      '/teach/courses/archive-draft/archive',
      { confirm: 'yes' },
    );
    expect(draftRefused.status).toBe(409);
    expect(pageOf(draftRefused.text).querySelector('[role=alert]')!.textContent).toContain(
      'Only a published course',
    );
  });
});
