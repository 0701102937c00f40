// A deploy stops the processes with SIGTERM while they work: the web process answers every
// request already in flight and refuses new connections; the worker finishes the job it is
// running (or leaves it to the queue); both exit 0.
import { AwardModel } from '../../badges/awards/award.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import type { AppContext } from '../../platform/context';
import { createTestUser, testPassword } from '../support/factories';
import { levelWithBadge, studentFinishing } from './support/arrange';
import { eventually, startCluster, type Cluster } from './support/cluster';
import { anonymousSession, postJson } from './support/load';

let cluster: Cluster;
let context: AppContext;

beforeAll(async () => {
  cluster = await startCluster();
  context = await cluster.connect();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('SIGTERM while working', () => {
  test('the worker finishes the certificate it is rendering, then exits 0', async () => {
    const { course } = await levelWithBadge(context, 'sigterm');
    const student = await studentFinishing(context, course, 'Noor Sigterm');
    // Rendering takes 3 s here, so the signal lands in the middle of it.
    const worker = await cluster.startWorker({
      CAMPUS_FAILPOINTS: 'certificate.rendered=delay:3000',
    });
    await worker.waitFor(/failpoint certificate\.rendered reached/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(1);
    const counts = await context.jobs.queue('on-award.issued:render-certificate').getJobCounts();
    expect(counts).toMatchObject({ active: 0, waiting: 0, failed: 0 });
  });

  test('a worker stopped before its job could finish leaves it to the queue, and the next worker does it', async () => {
    const { course } = await levelWithBadge(context, 'sigterm-slow');
    const student = await studentFinishing(context, course, 'Kai Sigterm');
    // Longer than the grace (5 s here, 25 s by default): the worker leaves it; it is not lost.
    const worker = await cluster.startWorker({
      CAMPUS_FAILPOINTS: 'certificate.rendered=delay:600000',
    });
    await worker.waitFor(/failpoint certificate\.rendered reached/);
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    expect(code).toBe(0);
    const award = await AwardModel.findOne({ student: student._id }).lean();
    expect(await CertificateModel.countDocuments({ award: award!._id })).toBe(0);

    const next = await cluster.startWorker();
    await eventually(
      'the next worker to render the certificate',
      async () => (await CertificateModel.countDocuments({ award: award!._id })) === 1,
    );
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });

  test('the web process answers the 12 logins in flight, refuses new connections, exits 0', async () => {
    const web = await cluster.startWeb();
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createTestUser({ email: `sigterm-${i}@example.org` })),
    );
    // Each login hashes with argon2id (about 100 ms of CPU): twelve keep the process busy. The
    // sessions come first, so all twelve logins are sent before the signal.
    const sessions = await Promise.all(users.map(() => anonymousSession(cluster.webUrl)));
    const inFlight = users.map((user, i) =>
      postJson(cluster.webUrl, sessions[i]!, '/api/v1/auth/login', {
        email: user.email,
        password: testPassword,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    web.child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
    expect(await web.exited).toBe(0);
    await expect(fetch(`${cluster.webUrl}/livez`)).rejects.toThrow();
  });
});
