import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { compactVerify } from 'jose';
import request from 'supertest';
import { renderSvgToPng } from '../../badges/baking/render-png';
import { hashRecipientEmail } from '../../badges';
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { ensureCertificate } from '../../badges/certificates/certificate.service';
import { issueAwardForCompletion } from '../../badges/awards/award.service';
import { CompletionModel } from '../../courses/completion/completion.model';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import {
  levelWithBadge as createLevelWithBadge,
  studentCompleting as completeLevel,
} from '../support/badges';
import { apiLogin, type Agent, binaryBody } from '../support/http';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: { agent: Agent; csrf: string };
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const user = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: user.email, password: testPassword });
});
afterAll(() => campus.close());

const ldJson = 'application/ld+json';
const pathOf = (url: string) => new URL(url).pathname;

const levelWithBadge = (name: string) => createLevelWithBadge(admin, name);
const studentCompleting = async (course: Parameters<typeof completeLevel>[1]) =>
  (await completeLevel(campus, course)).student;

describe('awards', () => {
  test('completing a level issues exactly one award, whatever the retries and double events', async () => {
    const { course } = await levelWithBadge('once');
    const student = await studentCompleting(course);
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);

    const level = await CompletionModel.findOne({ student: student._id, scope: 'level' }).lean();
    const again = await Promise.all(
      Array.from({ length: 5 }, () => issueAwardForCompletion(String(student._id), level!.key)),
    );
    expect(again.every((outcome) => outcome.awarded && !outcome.issued)).toBe(true);
    // The completion said again: by a retried publisher (its id) and under a new id.
    const completed = {
      studentId: String(student._id),
      specializationId: String(level!.specialization),
      level: level!.level!,
      completedAt: level!.completedAt.toISOString(),
    };
    const factId = `${student._id}:${level!.specialization}:${level!.level}`;
    await campus.context.events.publish('level.completed', factId, completed);
    await campus.context.events.publish('level.completed', `retry-${factId}`, completed);
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);
    // And one congratulation email, delivered.
    const emails = await OutboundEmailModel.find({
      to: student.email,
      subject: 'You earned a badge on Campus',
    }).lean();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.sentAt).toBeInstanceOf(Date);
    expect(emails[0]!.text).toContain('once basic badge');
  });

  test('the hosted Open Badges 2.0 assertion is JSON-LD for machines, links its badge class and issuer, and hashes the email with its salt', async () => {
    const { course } = await levelWithBadge('hosted');
    const student = await studentCompleting(course);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    const url = `/badges/assertions/${award!.publicId}`;

    const assertion = await request(campus.app).get(url).set('Accept', ldJson).expect(200);
    expect(assertion.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(assertion.body).toMatchObject({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `${campus.config.baseUrl}${url}`,
      verification: { type: 'hosted' },
      recipient: { type: 'email', hashed: true, salt: award!.salt },
    });
    expect(assertion.body.recipient.identity).toBe(hashRecipientEmail(student.email, award!.salt));
    expect(JSON.stringify(assertion.body)).not.toContain(student.email);
    expect(assertion.body.issuedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(new Date(assertion.body.expires).getFullYear()).toBe(new Date().getFullYear() + 3);
    expect(assertion.body.evidence[0].narrative).toContain(`Course ${course.slug}`);

    const badgeClass = await request(campus.app)
      .get(pathOf(assertion.body.badge))
      .set('Accept', ldJson)
      .expect(200);
    expect(badgeClass.body).toMatchObject({ type: 'BadgeClass', name: 'hosted basic badge' });
    expect(badgeClass.body.criteria.narrative).toContain(`Course ${course.slug}`);
    const image = await request(campus.app).get(pathOf(badgeClass.body.image)).expect(200);
    expect(image.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const issuer = await request(campus.app)
      .get(pathOf(badgeClass.body.issuer))
      .set('Accept', ldJson)
      .expect(200);
    expect(issuer.body).toMatchObject({
      type: 'Issuer',
      id: badgeClass.body.issuer,
      name: 'Campus',
    });

    // People get a page with the name, the date and what it certifies.
    const page = await request(campus.app).get(url).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Camila Ríos');
    expect(page.text).toContain('hosted basic badge');
  });

  test('a revoked award answers 410 with revoked: true and is on the revocation list; only admins revoke', async () => {
    const { course } = await levelWithBadge('revoked');
    const student = await studentCompleting(course);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    const studentClient = await apiLogin(campus.app, {
      email: student.email,
      password: testPassword,
    });
    await studentClient.agent
      .post(`/api/v1/admin/awards/${award!.publicId}/revoke`)
      .set('x-csrf-token', studentClient.csrf)
      .send({ reason: 'I would like to' })
      .expect(403);
    await admin.agent
      .post(`/api/v1/admin/awards/${award!.publicId}/revoke`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Issued in error' })
      .expect(200);
    const gone = await request(campus.app)
      .get(`/badges/assertions/${award!.publicId}`)
      .set('Accept', ldJson)
      .expect(410);
    expect(gone.body).toMatchObject({ revoked: true, revocationReason: 'Issued in error' });
    const list = await request(campus.app).get('/badges/revocations').expect(200);
    expect(list.body.revokedAssertions).toContainEqual({
      id: `${campus.config.baseUrl}/badges/assertions/${award!.publicId}`,
      revocationReason: 'Issued in error',
    });
    const page = await request(campus.app)
      .get(`/badges/assertions/${award!.publicId}`)
      .set('Accept', 'text/html');
    expect(page.status).toBe(410);
    expect(page.text).toContain('This badge was revoked');
  });

  test('a level without a badge issues nothing; once the badge is defined, earlier completers get it; a second badge for the level is refused', async () => {
    const course = await createPublishedCourse('no-badge-course', [
      { kind: 'lesson', title: 'Only' },
    ]);
    const specialization = await createSpecialization('no-badge-spec', [
      { key: 'basic', courses: [course._id] },
    ]);
    const student = await studentCompleting(course);
    expect(await CompletionModel.countDocuments({ student: student._id, scope: 'level' })).toBe(1);
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(0);

    const badge = {
      specialization: specialization.slug,
      level: 'basic',
      name: 'A badge',
      description: 'Certifies the basic level.',
      criteriaNarrative: 'Complete every course of the basic level.',
    };
    await admin.agent
      .post('/api/v1/admin/achievements')
      .set('x-csrf-token', admin.csrf)
      .send({ ...badge, slug: 'first-badge' })
      .expect(201);
    await campus.drainJobs();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);

    const second = await admin.agent
      .post('/api/v1/admin/achievements')
      .set('x-csrf-token', admin.csrf)
      .send({ ...badge, slug: 'second-badge' });
    expect(second.status).toBe(409);
  });

  test('a level of a specialization taken out of the catalog is completed by nobody; published again, whoever finished meanwhile earns its badge', async () => {
    const { course, specialization } = await levelWithBadge('hidden');
    const call = (action: 'publish' | 'unpublish') =>
      admin.agent
        .post(`/api/v1/authoring/specializations/${specialization.slug}/${action}`)
        .set('x-csrf-token', admin.csrf)
        .expect(204);
    await call('unpublish');
    const student = await studentCompleting(course);
    // The course is completed; the level, which students can no longer see, is not.
    expect(await CompletionModel.exists({ student: student._id, scope: 'course' })).not.toBeNull();
    expect(await CompletionModel.exists({ student: student._id, scope: 'level' })).toBeNull();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(0);

    await call('publish');
    await campus.drainJobs();
    expect(await CompletionModel.exists({ student: student._id, scope: 'level' })).not.toBeNull();
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);
  });

  test('the wallet lists the badge with share and LinkedIn links; a private badge hides its page and its assertion', async () => {
    const { course } = await levelWithBadge('wallet');
    const student = await studentCompleting(course);
    const client = await apiLogin(campus.app, { email: student.email, password: testPassword });
    const wallet = await client.agent.get('/api/v1/me/awards').expect(200);
    expect(wallet.body.awards).toHaveLength(1);
    const [badge] = wallet.body.awards;
    const linkedIn = new URL(badge.linkedInUrl);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(linkedIn.searchParams.get('name')).toBe('wallet basic badge');
    expect(linkedIn.searchParams.get('certUrl')).toBe(badge.url);

    const publicPage = await request(campus.app)
      .get(pathOf(badge.url))
      .set('Accept', 'text/html')
      .expect(200);
    expect(publicPage.text).toContain(
      '<meta property="og:title" content="wallet basic badge — Camila Ríos">',
    );

    // Someone else cannot change it.
    const other = await createTestUser();
    const otherClient = await apiLogin(campus.app, { email: other.email, password: testPassword });
    await otherClient.agent
      .put(`/api/v1/me/awards/${badge.publicId}/privacy`)
      .set('x-csrf-token', otherClient.csrf)
      .send({ private: true })
      .expect(403);

    await client.agent
      .put(`/api/v1/me/awards/${badge.publicId}/privacy`)
      .set('x-csrf-token', client.csrf)
      .send({ private: true })
      .expect(204);
    const hidden = await request(campus.app).get(pathOf(badge.url)).set('Accept', 'text/html');
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('Camila');
    // Private means private for machines too (test/badges/public-badges.test.ts has the rest).
    await request(campus.app).get(pathOf(badge.url)).set('Accept', ldJson).expect(404);
  });

  test('the award’s PDF certificate is rendered once, names the student with accents, and only its owner downloads it', async () => {
    const { course } = await levelWithBadge('certificate');
    const student = await studentCompleting(course);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    // The job already rendered it; concurrent renders still leave exactly one certificate.
    const renders = await Promise.all(
      Array.from({ length: 3 }, () => ensureCertificate(award!.publicId, campus.config.baseUrl)),
    );
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(1);
    expect(new Set(renders.map((render) => render.sha256)).size).toBe(1);

    const owner = await apiLogin(campus.app, { email: student.email, password: testPassword });
    const pdf = await owner.agent
      .get(`/badges/${award!.publicId}/certificate.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(tmpdir(), 'certificate-'));
    writeFileSync(path.join(dir, 'c.pdf'), bytes);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'c.pdf'), '-']).toString();
    expect(text).toContain('Camila Ríos');
    expect(text).toContain('certificate basic badge');
    expect(text).toContain(`/badges/assertions/${award!.publicId}`);

    const stranger = await createTestUser();
    const strangerClient = await apiLogin(campus.app, {
      email: stranger.email,
      password: testPassword,
    });
    await strangerClient.agent.get(`/badges/${award!.publicId}/certificate.pdf`).expect(403);
  });

  test('the certificate speaks the student’s language, counts the hours and carries the uploaded signature', async () => {
    const signature = renderSvgToPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><path d="M10 60 C 60 0, 90 90, 140 30 S 220 70, 290 20" stroke="#123" stroke-width="4" fill="none"/></svg>',
      300,
    );
    const adminApi = admin;
    await adminApi.agent
      .put('/api/v1/admin/issuer')
      .set('x-csrf-token', adminApi.csrf)
      .send({
        name: 'Campus',
        url: 'https://campus.example',
        email: 'campus@example.org',
        signatoryName: 'Ana Pérez',
        signatoryTitle: 'Directora de Formación',
      })
      .expect(200);
    await adminApi.agent
      .put('/api/v1/admin/issuer/signature')
      .set('x-csrf-token', adminApi.csrf)
      .attach('signature', Buffer.from('not a png'), 'signature.png')
      .expect(422);
    await adminApi.agent
      .put('/api/v1/admin/issuer/signature')
      .set('x-csrf-token', adminApi.csrf)
      .attach('signature', signature, 'signature.png')
      .expect(204);

    const { course } = await levelWithBadge('certificado');
    const { student, award } = await completeLevel(campus, course, {
      displayName: 'José Niño',
      language: 'es',
    });
    const owner = await apiLogin(campus.app, { email: student.email, password: testPassword });
    const pdf = await owner.agent
      .get(`/badges/${award!.publicId}/certificate.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'certificado-'));
    const file = path.join(dir, 'c.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Certificado de Logro');
    expect(text).toContain('Se certifica que');
    expect(text).toContain('José Niño');
    expect(text).toMatch(/1 curso completado · \d+ horas de formación/);
    expect(text).toContain('· Básico'); // the level in the holder's language, not "Basic"
    expect(text).toContain('Ana Pérez');
    expect(text).toContain('Directora de Formación');
    // Two images: the QR code and the signature.
    const images = execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n');
    expect(images.length - 2).toBeGreaterThanOrEqual(2);
    // A look at it, for people: .data/screenshots/certificate-es.png
    const screenshots = path.join(__dirname, '../../.data/screenshots');
    mkdirSync(screenshots, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-singlefile',
      file,
      path.join(screenshots, 'certificate-es'),
    ]);
  });

  test('the signed Open Badges 2.0 variant is a JWS that verifies with the key the issuer profile publishes, and fails when changed', async () => {
    const { course } = await levelWithBadge('signed');
    const student = await studentCompleting(course);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    const jws = (
      await request(campus.app).get(`/badges/assertions/${award!.publicId}/signed`).expect(200)
    ).text;
    const [header, payload] = jws
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({
      type: 'Assertion',
      id: `urn:uuid:${award!.publicId}`,
      verification: { type: 'SignedBadge' },
      recipient: { identity: award!.recipientHash },
    });

    // The key is listed in the hosted issuer profile and owned by that issuer.
    const issuer = await request(campus.app).get('/badges/issuer').expect(200);
    expect(issuer.body.publicKey).toContain(payload.verification.creator);
    const key = await request(campus.app).get(pathOf(payload.verification.creator)).expect(200);
    expect(key.body).toMatchObject({ type: 'CryptographicKey', owner: issuer.body.id });
    const publicKey = createPublicKey(key.body.publicKeyPem);
    await expect(compactVerify(jws, publicKey)).resolves.toBeDefined();

    const [h, p, signature] = jws.split('.');
    const tampered = JSON.parse(Buffer.from(p!, 'base64url').toString());
    tampered.recipient.identity = tampered.recipient.identity.replace(/.$/, (c: string) =>
      c === '0' ? '1' : '0',
    );
    const forged = `${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, publicKey)).rejects.toThrow();
  });
});
