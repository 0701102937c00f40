// The issuer profile: what every badge names as its issuer. Until an admin edits it, it is the
// campus's defaults (its URL from BASE_URL).
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service';
import { emailField } from '../../platform/validation';
import { checkPngUpload } from '../achievements/achievement-image';
import { IssuerModel } from './issuer.model';
import { retireCachedVerifications } from '../verification/verification-cache';

export interface IssuerProfile {
  name: string;
  url: string;
  email: string;
  description: string;
  image: string;
  signatoryName: string;
  signatoryTitle: string;
}

export const issuerInput = z.object({
  name: z.string().trim().min(2, 'badges:validation.issuerName').max(200),
  url: z.url({ protocol: /^https?$/, error: 'badges:validation.issuerUrl' }),
  email: emailField,
  description: z.string().trim().max(2000).default(''),
  image: z.preprocess(
    (value) => (value === undefined ? '' : value),
    z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'badges:validation.imageHttps' })]),
  ),
  signatoryName: z.string().trim().max(120).default(''),
  signatoryTitle: z.string().trim().max(120).default(''),
});

export function defaultIssuer(baseUrl: string): IssuerProfile {
  return {
    name: 'Campus',
    url: baseUrl,
    email: `campus@${new URL(baseUrl).hostname}`,
    description: 'Internet infrastructure training for Latin America and the Caribbean.',
    image: '',
    signatoryName: '',
    signatoryTitle: '',
  };
}

export async function getIssuerProfile(baseUrl: string): Promise<IssuerProfile> {
  const stored = await IssuerModel.findOne({ key: 'campus' }).lean();
  if (!stored) return defaultIssuer(baseUrl);
  const { name, url, email, description, image } = stored;
  return {
    name,
    url,
    email,
    description,
    image,
    signatoryName: stored.signatoryName ?? '',
    signatoryTitle: stored.signatoryTitle ?? '',
  };
}

export async function updateIssuerProfile(
  actorId: string,
  input: z.infer<typeof issuerInput>,
): Promise<IssuerProfile> {
  await IssuerModel.updateOne({ key: 'campus' }, { $set: input }, { upsert: true });
  await retireCachedVerifications(); // answers name the issuer
  await recordAudit({ actor: actorId, action: 'issuer.updated', details: { ...input } });
  return { ...input };
}

/** The signature printed on certificates: a PNG, 100–2000 px wide, at most 200 KB. */
export async function setIssuerSignature(actorId: string, upload: Buffer | null): Promise<void> {
  const png = upload
    ? checkPngUpload(upload, 'signature', {
        maxBytes: 200 * 1024,
        width: [100, 2000],
        height: [30, 1000],
      })
    : null;
  await IssuerModel.updateOne(
    { key: 'campus' },
    png ? { $set: { signatureImage: png } } : { $unset: { signatureImage: 1 } },
    { upsert: true, setDefaultsOnInsert: true },
  );
  await recordAudit({
    actor: actorId,
    action: 'issuer.updated',
    details: { signatureImage: png ? `${png.length} bytes` : 'removed' },
  });
}

export async function getIssuerSignature(): Promise<Buffer | null> {
  // Not lean: the document gives the bytes as a Buffer.
  const stored = await IssuerModel.findOne({ key: 'campus' }).select('signatureImage');
  return stored?.signatureImage?.length ? stored.signatureImage : null;
}
