// Bulk issuance from a CSV (an event roster): the preview names every problem by line and writes
// nothing; applying issues through a job with progress, holds what cannot be issued yet (no
// account, email unconfirmed) until it can, and a CSV applied twice issues nothing twice.
import { UserModel } from '../../accounts/user.model';
import { AwardGrantModel } from '../../badges/awards/award-grant.model';
import { AwardModel } from '../../badges/awards/award.model';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

test('a roster CSV: previewed line by line, applied once with progress, held lines issued later', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'roster', { validForMonths: 24 });
  const attendee = await createTestUser({ displayName: 'Ana Asistente', language: 'es' });
  const unconfirmed = await createTestUser({ displayName: 'Uma Pending', emailConfirmed: false });
  const { student: holder, award: held } = await studentCompleting(campus, course);
  const disabled = await createTestUser({ displayName: 'Dora Disabled' });
  await UserModel.updateOne({ _id: disabled._id }, { $set: { disabledAt: new Date() } });
  const newcomer = 'Newcomer@Example.org';
  const csv = [
    'Email;Badge;Date;Evidence note',
    `${attendee.email};roster-basic;2026-11-20;Attended the IPv6 tutorial at LACNIC 46`,
    `${unconfirmed.email};roster-basic;2026-11-20;Attended`,
    `${newcomer};roster-basic;;Attended`,
    `${holder.email};roster-basic;2026-11-20;Attended`,
    `not-an-email;roster-basic;2026-11-20;x`,
    `${attendee.email};no-such-badge;2026-11-20;x`,
    `${attendee.email};roster-basic;2026-02-30;x`,
    `${attendee.email};roster-basic;2999-01-01;x`,
    `${attendee.email};roster-basic;2026-11-20;again`,
    `${disabled.email};roster-basic;2026-11-20;Attended`,
  ].join('\n');
  const awardsBefore = await AwardModel.countDocuments();

  const preview = await admin.agent
    .post('/api/v1/admin/award-imports/preview')
    .set('x-csrf-token', admin.csrf)
    .send({ csv })
    .expect(200);
  const summary = preview.body.lines.map(
    (line: { line: number; plan: string; problems: string[] }) => [
      line.line,
      line.plan ?? line.problems.join('+'),
    ],
  );
  expect(summary).toEqual([
    [2, 'issue'],
    [3, 'hold-unconfirmed'],
    [4, 'hold-no-account'],
    [5, 'already-held'],
    [6, 'email'],
    [7, 'achievement'],
    [8, 'date'],
    [9, 'future'],
    [10, 'duplicate'],
    [11, 'disabled'],
  ]);
  expect(await AwardModel.countDocuments()).toBe(awardsBefore);
  expect(await AwardGrantModel.countDocuments()).toBe(0);

  // The page words each problem, by line.
  const page = await submitForm(admin.agent, '/admin/badges/imports', '/admin/badges/imports', {
    csv,
    action: 'preview',
  });
  expect(page.status).toBe(200);
  expect(page.text).toContain('No badge at this address');
  expect(page.text).toContain('Date not understood (use yyyy-mm-dd)');
  expect(page.text).toContain('Apply 4 lines');
  // Each line reads as people say it: the badge by its name (its address beside), the date in
  // words ("today" when left empty), the evidence note.
  expect(page.text).toMatch(/>[^<>]+ <code class="subtle">roster-basic<\/code><\/td>/);
  expect(page.text).toContain('20 November 2026');
  expect(page.text).toMatch(/data-label="Date">2026-02-30</);
  expect(page.text).toMatch(/data-label="Date">today</);
  expect(page.text).toContain('Attended the IPv6 tutorial at LACNIC 46');
  // The button to apply comes after the lines it applies to.
  expect(page.text.indexOf('Apply 4 lines')).toBeGreaterThan(page.text.indexOf('Dora Disabled'));

  // Not a CSV at all: the field is named, nothing is stored.
  const refused = await admin.agent
    .post('/api/v1/admin/award-imports')
    .set('x-csrf-token', admin.csrf)
    .send({ csv: 'nobody;nothing' })
    .expect(422);
  expect(refused.body.errors[0]).toMatchObject({
    field: 'csv',
    message: 'No line can be applied: fix the problems shown.',
  });
  expect(await AwardGrantModel.countDocuments()).toBe(0);

  const applied = await admin.agent
    .post('/api/v1/admin/award-imports')
    .set('x-csrf-token', admin.csrf)
    .send({ csv })
    .expect(202);
  await campus.drainJobs();
  const run = (await admin.agent.get(`/api/v1/admin/award-imports/${applied.body.id}`).expect(200))
    .body;
  expect(run.status).toBe('done');
  expect(run.processed).toBe(10);
  expect(run.counts).toEqual({ pending: 0, issued: 1, held: 2, 'already-held': 1, skipped: 6 });

  // The attendee's award: issued on the event's date, with the note as evidence, and emailed.
  const issued = await AwardModel.findOne({ student: attendee._id }).lean();
  expect(issued).toMatchObject({ origin: 'import', currentSlot: 'current' });
  expect(issued!.issuedOn.toISOString()).toBe('2026-11-20T00:00:00.000Z');
  expect(issued!.evidenceNote).toBe('Attended the IPv6 tutorial at LACNIC 46');
  const credential = (
    await admin.agent
      .get(`/badges/credentials/${issued!.publicId}`)
      .set('Accept', 'application/json')
      .expect(200)
  ).body;
  expect(credential.validFrom).toBe('2026-11-20T00:00:00.000Z');
  expect(credential.evidence).toEqual([
    expect.objectContaining({ narrative: 'Attended the IPv6 tutorial at LACNIC 46' }),
  ]);
  const mails = await emailsTo(campus, attendee.email);
  expect(mails.filter((mail) => mail.text.includes(issued!.publicId))).toHaveLength(1);
  // The holder's award is untouched.
  expect((await AwardModel.find({ student: holder._id }).lean()).map((a) => a.publicId)).toEqual([
    held!.publicId,
  ]);

  // The same CSV again: nothing new.
  const again = await admin.agent
    .post('/api/v1/admin/award-imports')
    .set('x-csrf-token', admin.csrf)
    .send({ csv })
    .expect(202);
  await campus.drainJobs();
  const second = (await admin.agent.get(`/api/v1/admin/award-imports/${again.body.id}`)).body;
  expect(second.counts).toMatchObject({ issued: 0, 'already-held': 2, held: 2 });
  expect(await AwardModel.countDocuments({ student: attendee._id })).toBe(1);
  expect(await AwardGrantModel.countDocuments()).toBe(4);

  // The progress page, once done.
  const progress = await admin.agent.get(`/admin/badges/imports/${applied.body.id}`).expect(200);
  expect(progress.text).toContain('Done: 10 lines.');

  // The unconfirmed account confirms its email: its held award is issued then, once.
  await campus.context.events.publish('email.confirmed', `${unconfirmed._id}:import`, {
    userId: String(unconfirmed._id),
  });
  await campus.drainJobs();
  expect(await AwardModel.countDocuments({ student: unconfirmed._id })).toBe(0); // still unconfirmed
  await UserModel.updateOne({ _id: unconfirmed._id }, { $set: { emailConfirmedAt: new Date() } });
  for (const attempt of ['a', 'b'])
    await campus.context.events.publish('email.confirmed', `${unconfirmed._id}:${attempt}`, {
      userId: String(unconfirmed._id),
    });
  await campus.drainJobs();
  const late = await AwardModel.find({ student: unconfirmed._id }).lean();
  expect(late).toHaveLength(1);
  expect(late[0]!.issuedOn.toISOString()).toBe('2026-11-20T00:00:00.000Z');

  // The newcomer joins later with the same email (any case) and confirms it: theirs too.
  const joined = await createTestUser({ email: newcomer.toLowerCase() });
  await campus.context.events.publish('email.confirmed', `${joined._id}:joined`, {
    userId: String(joined._id),
  });
  await campus.drainJobs();
  expect(await AwardModel.countDocuments({ student: joined._id })).toBe(1);
  // Five rounds of the worker (issue, render, email...): on a loaded CI machine each can take
  // seconds, which the default 30 s did not always cover.
}, 120_000);
