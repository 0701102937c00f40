// Renewal: an expiring badge is renewed by its holder once the window is open and the refresher
// course is completed since the award; the renewal is a new credential that links the one it
// replaces, both stay visible as history, and one award per (student, achievement) is current,
// whatever the double submits.
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { AwardModel } from '../../badges/awards/award.model';
import { expiryRemindersJob } from '../../badges/awards/expiry-reminders.job';
import { issueAwardForCompletion } from '../../badges/awards/award.service';
import { moveAwardsToCurrentSlot } from '../../badges/awards/current-slot.migration';
import { completionKeys } from '../../courses';
import { CourseModel } from '../../courses/catalog/course.model';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, apiUser, submitForm } from '../support/http';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

const day = 24 * 60 * 60 * 1000;

test('a holder renews an expiring badge after the refresher course; history stays visible', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course, specialization } = await levelWithBadge(admin, 'renew', { validForMonths: 36 });
  const refresher = await createPublishedCourse('renew-refresher', [
    { kind: 'lesson', title: 'What changed' },
  ]);
  const editPage = '/admin/badges/achievements/renew-basic';

  // The admin's form: an unknown course is refused with the field named, and nothing is saved.
  const refused = await submitForm(admin.agent, editPage, `${editPage}/renewal`, {
    offered: 'on',
    courses: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    opensDaysBefore: '60',
  });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Choose published courses only');
  const saved = await submitForm(admin.agent, editPage, `${editPage}/renewal`, {
    offered: 'on',
    courses: String(refresher._id),
    opensDaysBefore: '60',
  });
  expect(saved.status).toBe(302);

  const { student, award } = await studentCompleting(campus, course, { language: 'es' });
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  const renewalUrl = `/api/v1/me/awards/${award!.publicId}/renewal`;

  // Three years to go: the window is not open, and the page says when it opens.
  let renewal = (await holder.agent.get(renewalUrl).expect(200)).body.renewal;
  expect(renewal.status).toBe('not-yet');
  const page = await holder.agent.get(`/badges/${award!.publicId}/renew`).expect(200);
  expect(page.text).toContain('La renovación se abre el');

  // 20 days left: the window is open, but the refresher is still to do; renewing is refused.
  await AwardModel.updateOne(
    { _id: award!._id },
    {
      $set: {
        issuedOn: new Date(Date.now() - 1075 * day),
        expires: new Date(Date.now() + 20 * day),
      },
    },
  );
  renewal = (await holder.agent.get(renewalUrl).expect(200)).body.renewal;
  expect(renewal.status).toBe('conditions-unmet');
  // The 30-day reminder leads to the renewal page.
  await campus.runJob(expiryRemindersJob, {});
  const reminder = (await emailsTo(campus, student.email)).find((mail) =>
    mail.text.includes(`/badges/${award!.publicId}/renew`),
  );
  expect(reminder?.text).toContain('Puedes renovarla');
  expect(renewal.conditions).toEqual([
    { slug: 'renew-refresher', title: refresher.title, completedAt: null },
  ]);
  await holder.agent.post(renewalUrl).set('x-csrf-token', holder.csrf).expect(409);
  expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);

  // Someone else cannot read or renew it.
  const other = await apiUser(campus.app);
  await other.agent.get(renewalUrl).expect(403);
  await other.agent.post(renewalUrl).set('x-csrf-token', other.csrf).expect(403);

  await enrollInCourse(campus.context, String(student._id), refresher.slug);
  await markModuleDone(
    campus.context,
    String(student._id),
    refresher.slug,
    String(refresher.modules[0]!._id),
  );
  await campus.drainJobs();
  renewal = (await holder.agent.get(renewalUrl).expect(200)).body.renewal;
  expect(renewal.status).toBe('open');
  // A refresher unpublished meanwhile is not waived: renewal waits until it is back.
  await CourseModel.updateOne({ _id: refresher._id }, { $set: { status: 'draft' } });
  renewal = (await holder.agent.get(renewalUrl).expect(200)).body.renewal;
  expect(renewal.status).toBe('conditions-unmet');
  await CourseModel.updateOne({ _id: refresher._id }, { $set: { status: 'published' } });

  // Six submits at once make one renewal: every answer names it, one says it was made.
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => holder.agent.post(renewalUrl).set('x-csrf-token', holder.csrf)),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
  const first = answers[0]!;
  expect(new Set(answers.map((answer) => answer.body.publicId)).size).toBe(1);
  const renewedId = first.body.publicId as string;
  await campus.drainJobs();

  const awards = await AwardModel.find({ student: student._id }).sort({ issuedOn: 1 }).lean();
  expect(awards.map((entry) => entry.publicId)).toEqual([award!.publicId, renewedId]);
  const [previous, current] = awards;
  expect(previous!.currentSlot).toBe(award!.publicId);
  expect(previous!.renewedBy).toBe(renewedId);
  expect(current!.currentSlot).toBe('current');
  expect(current!.renews).toBe(award!.publicId);
  expect(current!.origin).toBe('renewal');
  expect(current!.statusListIndex).not.toBe(previous!.statusListIndex);
  // Valid for the badge's 36 months from today.
  expect(current!.expires!.getTime() - Date.now()).toBeGreaterThan(1090 * day);

  // The new credential links the one it renews and names the refresher as evidence.
  const credential = (
    await holder.agent
      .get(`/badges/credentials/${renewedId}`)
      .set('Accept', 'application/json')
      .expect(200)
  ).body;
  const baseUrl = campus.config.baseUrl;
  expect(credential.evidence).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: refresher.title }),
      expect.objectContaining({ id: `${baseUrl}/badges/credentials/${award!.publicId}` }),
    ]),
  );

  // Both badge pages tell the story; verification answers the history.
  const oldPage = await holder.agent
    .get(`/badges/assertions/${award!.publicId}`)
    .set('Accept', 'text/html')
    .expect(200);
  expect(oldPage.text).toContain('Esta insignia se renovó el');
  expect(oldPage.text).toContain(`/badges/assertions/${renewedId}`);
  const newPage = await holder.agent
    .get(`/badges/assertions/${renewedId}`)
    .set('Accept', 'text/html')
    .expect(200);
  expect(newPage.text).toContain('Historial de esta insignia');
  const verification = await admin.agent
    .post('/api/v1/verify')
    .set('x-csrf-token', admin.csrf)
    .send({ credential: `${baseUrl}/badges/assertions/${award!.publicId}` })
    .expect(200);
  expect(verification.body.verdict).toBe('valid');
  expect(verification.body.badge.history.map((entry: { state: string }) => entry.state)).toEqual([
    'renewed',
    'current',
  ]);

  // The holder is told, once per award; the completion's issuance does not add a third award.
  const earned = (await emailsTo(campus, student.email)).filter((mail) =>
    mail.text.includes(renewedId),
  );
  expect(earned).toHaveLength(1);
  const again = await issueAwardForCompletion(
    String(student._id),
    completionKeys.level(String(specialization._id), 'basic'),
  );
  expect(again).toMatchObject({ awarded: true, issued: false, publicId: renewedId });
  expect(await AwardModel.countDocuments({ student: student._id })).toBe(2);

  // Renewing the old award again answers the same renewal.
  const repeated = await holder.agent.post(renewalUrl).set('x-csrf-token', holder.csrf).expect(200);
  expect(repeated.body.publicId).toBe(renewedId);
});

test('a renewal stopped between its steps is finished by whatever issues next, never doubled', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course, specialization } = await levelWithBadge(admin, 'crash', { validForMonths: 12 });
  await AchievementModel.updateOne(
    { slug: 'crash-basic' },
    { $set: { renewal: { courses: [], opensDaysBefore: 90 } } },
  );
  const { student, award } = await studentCompleting(campus, course);
  await AwardModel.updateOne(
    { _id: award!._id },
    { $set: { expires: new Date(Date.now() + 10 * day) } },
  );
  const holder = await apiLogin(campus.app, { email: student.email, password: testPassword });
  const renewalUrl = `/api/v1/me/awards/${award!.publicId}/renewal`;
  const renewed = await holder.agent.post(renewalUrl).set('x-csrf-token', holder.csrf).expect(201);
  // As if the process died after moving the old award out, before moving the renewal in.
  await AwardModel.updateOne(
    { publicId: renewed.body.publicId },
    { $set: { currentSlot: `renewal-of:${award!.publicId}` } },
  );
  // The level's issuance runs again (a retried event): it finishes the renewal, issues nothing.
  const again = await issueAwardForCompletion(
    String(student._id),
    completionKeys.level(String(specialization._id), 'basic'),
  );
  expect(again).toMatchObject({ awarded: true, issued: false, publicId: renewed.body.publicId });
  const awards = await AwardModel.find({ student: student._id }).lean();
  expect(awards.map((entry) => entry.currentSlot).sort()).toEqual(
    [award!.publicId, 'current'].sort(),
  );
  // And the holder's retry answers the same renewal.
  const retried = await holder.agent.post(renewalUrl).set('x-csrf-token', holder.csrf).expect(200);
  expect(retried.body.publicId).toBe(renewed.body.publicId);
});

test('the unique index, not code, keeps one current award per student and badge', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'one-current');
  const { award } = await studentCompleting(campus, course);
  const copy = { ...award!, _id: undefined, publicId: 'another-public-id' };
  delete copy._id;
  await expect(AwardModel.create(copy)).rejects.toThrow(/duplicate key/);
  // Out of the current slot (a renewed award), the same pair is allowed.
  const historic = await AwardModel.create({ ...copy, currentSlot: 'another-public-id' });
  await AwardModel.deleteOne({ _id: historic._id });
});

test('the migration moves old awards to the current slot and drops the forever-once index', async () => {
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'migrate');
  const { award } = await studentCompleting(campus, course);
  // As a database from before renewals has it (one award per pair: the renewals above go).
  await AwardModel.deleteMany({ _id: { $ne: award!._id } });
  await AwardModel.collection.updateOne({ _id: award!._id }, { $unset: { currentSlot: '' } });
  await AwardModel.collection.createIndex(
    { student: 1, achievement: 1 },
    { unique: true, name: 'student_1_achievement_1' },
  );

  expect(await moveAwardsToCurrentSlot()).toEqual({ moved: 1, droppedIndex: true });
  const names = (await AwardModel.collection.indexes()).map((index) => index.name);
  expect(names).not.toContain('student_1_achievement_1');
  expect((await AwardModel.findById(award!._id).lean())!.currentSlot).toBe('current');
  expect(await moveAwardsToCurrentSlot()).toEqual({ moved: 0, droppedIndex: false });
});
