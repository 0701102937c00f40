// Benchmark: issuing credentials as the worker does, against floors measured in the same run.
// - Badge issuance: store the award (issueAwardForCompletion), sign its OB 2.0 assertion (RS256
//   JWS) and its OB 3.0 credential (eddsa-rdfc-2022 Data Integrity proof), bake both into the
//   badge PNG. Floor: the two raw signatures alone (node:crypto RS256 + Ed25519 over payloads of
//   the same size), which is what no issuer can go below.
// - Certificates: ensureCertificate (read the award, render, store the PDF). Floor: the same page
//   rendered by pdfkit alone (renderCertificatePdf with the same data, no store around it).
// Several run at once (ISSUE_CONCURRENCY, 8), as the worker's jobs do.
import { generateKeyPairSync, sign } from 'node:crypto';
import { Types } from 'mongoose';
import { bakeableImages } from '../badges/achievements/achievement-image';
import { getAchievementImage } from '../badges/achievements/achievement.service';
import { findPublicAward, issueAwardForCompletion } from '../badges/awards/award.service';
import { signedAssertion, signedCredential } from '../badges/awards/credential-documents';
import { bakePng } from '../badges/baking/bake-png';
import { renderCertificatePdf } from '../badges/certificates/certificate-renderer';
import { certificateTextFor } from '../badges/certificates/certificate-text';
import { ensureCertificate } from '../badges/certificates/certificate.service';
import { ensureSigningKeys } from '../badges/keys/key-store';
import { UserModel } from '../accounts/user.model';
import { CompletionModel } from '../courses/completion';
import { completionKeys } from '../courses/completion/completion-rules';
import { closeStores, connectStores } from '../server/bootstrap';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { levelWithBadge } from '../test/faults/support/arrange';

const awards = Number(process.env.ISSUE_AWARDS ?? 200);
const concurrency = Number(process.env.ISSUE_CONCURRENCY ?? 8);

export interface CredentialsResult {
  name: string;
  perSecond: number;
  floorPerSecond: number;
  ratio: number;
  /** Where the time goes, in ms per item (summed over the concurrent runs). */
  phases?: Record<string, number>;
}

/** Runs `work` for every index with `concurrency` in flight; items per second. */
async function throughput(count: number, work: (index: number) => Promise<void>) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** A synchronous loop for about `seconds`: operations per second. */
function loopRate(seconds: number, operation: () => void): number {
  const until = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let count = 0;
  const started = process.hrtime.bigint();
  while (process.hrtime.bigint() < until) {
    operation();
    count += 1;
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

export async function benchCredentials(): Promise<CredentialsResult[]> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_DB: `bench_credentials_${process.pid}`,
    REDIS_PREFIX: `bench-credentials-${process.pid}`,
  });
  const context = await connectStores(config, createLogger(config));
  try {
    await ensureSigningKeys(config);
    const { specialization } = await levelWithBadge(context, 'bench-credentials');
    const students = await UserModel.insertMany(
      Array.from({ length: awards }, (_, i) => ({
        email: `holder${i}@bench.example`,
        passwordHash: 'x',
        displayName: `Holder ${i}`,
        certificateName: `Badge Holder Número ${i}`,
        language: (['en', 'es', 'pt'] as const)[i % 3],
        roles: ['student'],
      })),
    );
    const completions = await CompletionModel.insertMany(
      students.map((student) => ({
        student: student._id,
        scope: 'level',
        key: completionKeys.level(String(specialization._id), 'basic'),
        specialization: specialization._id,
        level: 'basic',
        completedAt: new Date(),
        recordedVia: 'progress',
      })),
    );

    // Badge issuance, phase by phase.
    const phases = { store: 0, ob2Sign: 0, ob3Proof: 0, bake: 0 };
    const clock = async <T>(phase: keyof typeof phases, run: () => Promise<T> | T) => {
      const started = process.hrtime.bigint();
      const result = await run();
      phases[phase] += Number(process.hrtime.bigint() - started) / 1e6;
      return result;
    };
    const publicIds: string[] = [];
    const issuance = await throughput(awards, async (index) => {
      const outcome = await clock('store', () =>
        issueAwardForCompletion(String(completions[index]!.student), completions[index]!.key),
      );
      if (!outcome.awarded) throw new Error(`no award for completion ${index}`);
      publicIds.push(outcome.publicId);
      const award = await clock('store', () => findPublicAward(outcome.publicId));
      const assertion = await clock('ob2Sign', () => signedAssertion(config, award));
      const credential = await clock('ob3Proof', () => signedCredential(config, award));
      await clock('bake', async () => {
        const { png } = bakeableImages(await getAchievementImage(award.achievementSlug));
        bakePng(png, 'openbadges', JSON.stringify(assertion));
        bakePng(png, 'openbadgecredential', JSON.stringify(credential));
      });
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ed25519 = generateKeyPairSync('ed25519');
    const assertionBytes = Buffer.alloc(2300, 'a');
    const canonicalBytes = Buffer.alloc(64, 'b'); // the proof signs two SHA-256 hashes
    const rawSigning = loopRate(3, () => {
      sign('sha256', assertionBytes, rsa.privateKey);
      sign(null, canonicalBytes, ed25519.privateKey);
    });

    // Certificates, for the awards just issued (none rendered yet).
    const certificates = await throughput(publicIds.length, async (index) => {
      await ensureCertificate(publicIds[index]!, config.baseUrl);
    });
    const sample = {
      text: certificateTextFor('es'),
      issuerName: 'Campus',
      signatoryName: 'Ana Pérez',
      signatoryTitle: 'Directora',
      signatureImage: null,
      recipientName: 'Badge Holder Número 1',
      achievementName: 'bench-credentials basic badge',
      achievementDescription: 'Certifies the basic level.',
      context: 'bench-credentials-spec · Basic',
      color: '#1f7a4d',
      issuedOn: new Date(),
      expires: null,
      courses: [{ title: 'bench-credentials-course', hours: 4, completedAt: new Date() }],
      verificationUrl: `${config.baseUrl}/badges/assertions/${new Types.ObjectId()}`,
      certificateId: String(new Types.ObjectId()),
    };
    const barePdfkit = await throughput(publicIds.length, async () => {
      await renderCertificatePdf(sample);
    });

    const perItem = (ms: number) => Math.round((ms / awards) * 10) / 10;
    return [
      {
        name: 'badge issuance (OB 2.0 + 3.0 sign, bake, store)',
        perSecond: issuance,
        floorPerSecond: rawSigning,
        ratio: issuance / rawSigning,
        phases: Object.fromEntries(Object.entries(phases).map(([k, ms]) => [k, perItem(ms)])),
      },
      {
        name: 'certificates (render + store)',
        perSecond: certificates,
        floorPerSecond: barePdfkit,
        ratio: certificates / barePdfkit,
      },
    ];
  } finally {
    const { default: mongoose } = await import('mongoose');
    await mongoose.connection.db?.dropDatabase();
    await closeStores(context);
  }
}
