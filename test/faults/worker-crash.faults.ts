// The worker is killed (SIGKILL: no shutdown code runs) at the worst moment of badge issuance,
// certificate rendering and an attendance sync. A failpoint holds the job at that moment so the
// kill lands there every time. After a restart everything exists exactly once, and no partial
// file is left behind.
import mongoose, { type Types } from 'mongoose';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { AttendanceRowModel } from '../../attendance/attendance-row.model';
import { SessionSyncModel } from '../../attendance/session-sync.model';
import { requestSync } from '../../attendance/session-sync.service';
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import type { AppContext } from '../../platform/context';
import { allJobs, repeatingJobs } from '../../server/jobs';
import { enrollTestStudent, createTestUser } from '../support/factories';
import { FakeZoom, zoomRow } from '../support/fake-zoom';
import { levelWithBadge, pdfText, studentFinishing } from './support/arrange';
import { eventually, startCluster, type Cluster, type RunningProcess } from './support/cluster';

let zoom: FakeZoom;
let cluster: Cluster;
let context: AppContext;
let worker: RunningProcess | undefined;

beforeAll(async () => {
  zoom = await new FakeZoom().start();
  cluster = await startCluster(zoom.env());
  context = await cluster.connect();
});
afterEach(async () => {
  await worker?.kill('SIGTERM');
  worker = undefined;
});
afterAll(async () => {
  await cluster?.stop();
  await zoom?.stop();
});

/** Every queue empty and nothing running: the retries are over (schedules always wait delayed). */
async function queuesSettled(): Promise<boolean> {
  const scheduled = new Set(repeatingJobs.map((job) => job.name));
  const counts = await Promise.all(
    allJobs.map(async (job) => {
      const count = await context.jobs.queue(job.name).getJobCounts();
      return count.waiting + count.active + (scheduled.has(job.name) ? 0 : count.delayed);
    }),
  );
  return counts.every((pending) => pending === 0);
}

async function killAt(point: string): Promise<void> {
  const held = await cluster.startWorker({ CAMPUS_FAILPOINTS: point });
  await held.waitFor(new RegExp(`failpoint ${point.replace('.', '\\.')} reached`));
  expect(await held.kill('SIGKILL')).toBeNull(); // killed, not exited
}

const badgeEmails = (publicId: string) =>
  OutboundEmailModel.find({ dedupeKey: `badge-earned:${publicId}` }).lean();

async function expectNoLooseFiles(): Promise<void> {
  // Certificates live whole in their record: no GridFS bucket that could hold half a file.
  const collections = await mongoose.connection.db!.listCollections().toArray();
  expect(collections.map((c) => c.name).filter((name) => name.startsWith('certificates.'))).toEqual(
    [],
  );
}

describe('a worker killed mid-job', () => {
  test('after storing an award: on restart, one award, one certificate and one badge email', async () => {
    const { course } = await levelWithBadge(context, 'award-crash');
    const student = await studentFinishing(context, course, 'Inês Crash');
    await killAt('award.stored');
    const award = await AwardModel.findOne({ student: student._id }).lean();
    expect(award).not.toBeNull();
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(0);
    expect(await badgeEmails(award!.publicId)).toHaveLength(0);

    worker = await cluster.startWorker();
    await eventually('the certificate and the email after the restart', async () => {
      const emails = await badgeEmails(award!.publicId);
      return (
        (await CertificateModel.countDocuments({ award: award!._id })) === 1 &&
        emails.length === 1 &&
        emails[0]!.sentAt !== null
      );
    });
    await eventually('the queues to settle', queuesSettled);
    expect(await AwardModel.countDocuments({ student: student._id })).toBe(1);
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(1);
    expect(await badgeEmails(award!.publicId)).toHaveLength(1);
  });

  test('while rendering a certificate: on restart, one whole certificate and no partial file', async () => {
    const { course } = await levelWithBadge(context, 'certificate-crash');
    const student = await studentFinishing(context, course, 'Zoë Crash-Render');
    await killAt('certificate.rendered');
    const award = await AwardModel.findOne({ student: student._id }).lean();
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(0);
    await expectNoLooseFiles();

    worker = await cluster.startWorker();
    await eventually(
      'the certificate after the restart',
      async () => (await CertificateModel.countDocuments({ award: award!._id })) === 1,
    );
    await eventually('the queues to settle', queuesSettled);
    const certificates = await CertificateModel.find({ award: award!._id });
    expect(certificates).toHaveLength(1);
    const text = pdfText(certificates[0]!.pdf);
    expect(text).toContain('Zoë Crash-Render');
    expect(text).toContain('certificate-crash basic badge');
    await expectNoLooseFiles();
  });

  test('during an attendance sync: on restart, one attendance row per report row, one progress record and one award per student', async () => {
    const start = new Date('2026-11-18T14:00:00Z');
    const meetingId = '85550001111';
    const { course } = await levelWithBadge(context, 'sync-crash', [
      {
        kind: 'live_session',
        title: 'Live: BGP hijacks',
        startsAt: start,
        durationMinutes: 60,
        meetingId,
      },
    ]);
    const students: Array<{ _id: Types.ObjectId; email: string }> = [];
    for (let i = 0; i < 40; i++) {
      const student = await createTestUser({ email: `crash-${i}@example.org` });
      await enrollTestStudent(student._id, course._id);
      students.push(student);
    }
    // 30 stay the hour (the first five drop out and rejoin), 10 leave after ten minutes.
    const rows = students.flatMap((student, i) =>
      i < 5
        ? [
            zoomRow(start, 0, 25, { name: `Student ${i}`, user_email: student.email }),
            zoomRow(start, 27, 60, { name: `Student ${i}`, user_email: student.email }),
          ]
        : [
            zoomRow(start, 0, i < 30 ? 60 : 10, {
              name: `Student ${i}`,
              user_email: student.email,
            }),
          ],
    );
    zoom.meetings.set(meetingId, { reports: { [meetingId]: rows } });
    const moduleId = String(course.modules[0]!._id);

    await requestSync(context.jobs, moduleId);
    await killAt('attendance.progress-written');
    // The kill came after the progress rows and before the completions were asked for.
    expect(await ModuleProgressModel.countDocuments({ module: moduleId })).toBe(40);
    expect(await AwardModel.countDocuments({ student: { $in: students.map((s) => s._id) } })).toBe(
      0,
    );

    worker = await cluster.startWorker();
    const present = students.slice(0, 30).map((student) => student._id);
    await eventually(
      'an award for each of the 30 present students',
      async () => (await AwardModel.countDocuments({ student: { $in: present } })) === 30,
      60000,
    );
    await eventually('the queues to settle', queuesSettled, 60000);
    expect(await SessionSyncModel.findOne({ session: moduleId }).lean()).toMatchObject({
      state: 'synced',
      participants: 40,
      present: 30,
    });
    expect(await AttendanceRowModel.countDocuments({ session: moduleId })).toBe(rows.length);
    expect(await ModuleProgressModel.countDocuments({ module: moduleId })).toBe(40);
    expect(await AwardModel.countDocuments({ student: { $in: students.map((s) => s._id) } })).toBe(
      30,
    );
    const awards = await AwardModel.find({ student: { $in: present } })
      .select('_id')
      .lean();
    await eventually(
      'a certificate for each award',
      async () =>
        (await CertificateModel.countDocuments({ award: { $in: awards.map((a) => a._id) } })) ===
        30,
    );
  });
});
