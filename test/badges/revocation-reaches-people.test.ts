// A revocation reaches the people concerned: the holder is emailed the reason in their language
// (once), the certificate is no longer handed out, and admins revoke many at once or from a page
// (with a confirmation), suspend and lift.
import request from 'supertest';
import { AwardModel } from '../../badges/awards/award.model';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: Awaited<ReturnType<typeof apiLogin>>;
let course: Awaited<ReturnType<typeof levelWithBadge>>['course'];

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'], language: 'es' });
  admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  ({ course } = await levelWithBadge(admin, 'reach'));
});
afterAll(() => campus.close());

const revoke = (publicId: string, reason = 'Exam answers were shared') =>
  admin.agent
    .post(`/api/v1/admin/awards/${publicId}/revoke`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason });

test('the holder is emailed the reason in their language, once, and the certificate is no longer handed out', async () => {
  const { award, student } = await studentCompleting(campus, course, {
    displayName: 'Paula Nunes',
    language: 'pt',
  });
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  await holder.agent.get(`/badges/${award!.publicId}/certificate.pdf`).expect(200);

  await revoke(award!.publicId).expect(200);
  await revoke(award!.publicId).expect(200); // repeated: said again, mailed once
  const mails = (await emailsTo(campus, student.email)).filter((mail) =>
    mail.subject.includes('revogada'),
  );
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toBe('Sua insígnia do Campus foi revogada');
  expect(mails[0]!.text).toContain('Motivo: Exam answers were shared');

  const certificate = await holder.agent
    .get(`/badges/${award!.publicId}/certificate.pdf`)
    .set('Accept', 'text/html')
    .expect(410);
  expect(certificate.headers['content-type']).not.toContain('pdf');
  expect(certificate.text).toContain('Exam answers were shared');
  await admin.agent.get(`/badges/${award!.publicId}/certificate.pdf`).expect(410);
});

test('bulk revocation: ids, links and urn:uuid ids, each once; what is unknown is listed; bad input changes nothing', async () => {
  const awards = await Promise.all(
    ['Ana', 'Beto', 'Caio'].map((name) =>
      studentCompleting(campus, course, { displayName: `${name} Lote` }),
    ),
  );
  const [first, second, third] = awards.map(({ award }) => award!.publicId) as [
    string,
    string,
    string,
  ];
  const send = (body: object) =>
    admin.agent.post('/api/v1/admin/awards/revoke').set('x-csrf-token', admin.csrf).send(body);

  // Too many, or no reason: refused, nothing revoked.
  await send({ awards: Array.from({ length: 501 }, () => first), reason: 'Roster error' }).expect(
    422,
  );
  const noReason = await send({ awards: [first] }).expect(422);
  expect(JSON.stringify(noReason.body)).toContain('reason');
  expect(
    await AwardModel.countDocuments({
      publicId: { $in: [first, second, third] },
      revokedAt: { $exists: true },
    }),
  ).toBe(0);

  const outcome = await send({
    awards: `${first}\n${campus.config.baseUrl}/badges/assertions/${second}\nurn:uuid:${first}\nnot-a-badge\n00000000-0000-4000-8000-000000000000`,
    reason: 'Roster error',
  }).expect(200);
  expect(outcome.body).toEqual({
    revoked: [first, second],
    alreadyRevoked: [],
    unknown: ['not-a-badge', '00000000-0000-4000-8000-000000000000'],
  });
  const again = await send({ awards: [second, third], reason: 'Roster error' }).expect(200);
  expect(again.body).toMatchObject({ revoked: [third], alreadyRevoked: [second] });
  const verdict = await request(campus.app)
    .post('/api/v1/verify')
    .send({ credential: third })
    .expect(200);
  expect(verdict.body.verdict).toBe('revoked');
});

test('the admin page finds a badge by its link, suspends and lifts it, and revokes only when confirmed', async () => {
  const { award } = await studentCompleting(campus, course, { displayName: 'Dora Página' });
  const publicId = award!.publicId;
  const page = `/admin/badges/awards?award=${encodeURIComponent(`${campus.config.baseUrl}/badges/credentials/${publicId}`)}`;
  const found = await admin.agent.get(page).expect(200);
  expect(found.text).toContain('Dora Página');
  expect(found.text).toContain('Válida');

  expect(
    (
      await submitForm(admin.agent, page, `/admin/badges/awards/${publicId}/suspend`, {
        reason: 'Revisión de examen',
      })
    ).status,
  ).toBe(302);
  expect((await admin.agent.get(page)).text).toContain('Suspendida');
  const lifted = await submitForm(
    admin.agent,
    page,
    `/admin/badges/awards/${publicId}/lift-suspension`,
    {},
  );
  expect(lifted.status).toBe(302);

  const unconfirmed = await submitForm(
    admin.agent,
    page,
    `/admin/badges/awards/${publicId}/revoke`,
    {
      reason: 'Emitida por error',
    },
  );
  expect(unconfirmed.status).toBe(422);
  expect(unconfirmed.text).toContain('Marca la casilla para confirmar');
  expect((await AwardModel.findOne({ publicId }).lean())!.revokedAt).toBeUndefined();

  expect(
    (
      await submitForm(admin.agent, page, `/admin/badges/awards/${publicId}/revoke`, {
        reason: 'Emitida por error',
        confirm: 'yes',
      })
    ).status,
  ).toBe(302);
  const after = await admin.agent.get(page).expect(200);
  expect(after.text).toContain('Revocada');
  expect(after.text).toContain('Emitida por error');

  const unknown = await admin.agent.get('/admin/badges/awards?award=whatever').expect(200);
  expect(unknown.text).toContain('Ninguna insignia de este campus');
});

test('the page previews a bulk revocation with whose badge each line is, and revokes only what it showed, once ticked', async () => {
  const { award } = await studentCompleting(campus, course, { displayName: 'Elsa Vista' });
  const publicId = award!.publicId;
  const page = '/admin/badges/awards';
  const lines = { form: 'bulk', awards: `${publicId}\nnot-a-badge`, reason: 'Examen filtrado' };
  const revokedNow = () => AwardModel.countDocuments({ publicId, revokedAt: { $exists: true } });

  const preview = await submitForm(admin.agent, page, `${page}/bulk-revoke/preview`, lines);
  expect(preview.status).toBe(200);
  const shown = /<div id="bulk-preview">[\s\S]*?<\/table>/.exec(preview.text)?.[0] ?? '';
  expect(shown).toContain('Elsa Vista');
  expect(shown).toContain('se revocará');
  expect(shown).toContain('no es un id de credencial ni un enlace de este campus');
  expect(preview.text).toContain('Revocar esta insignia');
  expect(await revokedNow()).toBe(0);

  // Sent without its tick: refused, the preview still there, nothing revoked.
  const unticked = await submitForm(admin.agent, page, `${page}/bulk-revoke`, lines);
  expect(unticked.status).toBe(422);
  expect(unticked.text).toContain('Elsa Vista');
  expect(await revokedNow()).toBe(0);

  const done = await submitForm(admin.agent, page, `${page}/bulk-revoke`, {
    ...lines,
    confirm: 'yes',
  });
  expect(done.status).toBe(200);
  expect(await revokedNow()).toBe(1);
});
