// The issuer profile: what every badge names as its issuer. Until an admin edits it, it is the
// campus's defaults (its URL from BASE_URL).
import { z } from 'zod';
import { recordAudit } from '../../admin/audit.service';
import { emailField } from '../../accounts/accounts.schemas';
import { IssuerModel } from './issuer.model';

export interface IssuerProfile {
  name: string;
  url: string;
  email: string;
  description: string;
  image: string;
}

export const issuerInput = z.object({
  name: z.string().trim().min(2, 'Enter the issuer’s name.').max(200),
  url: z.url({ protocol: /^https?$/, error: 'Enter the issuer’s web address.' }),
  email: emailField,
  description: z.string().trim().max(2000).default(''),
  image: z.preprocess(
    (value) => (value === undefined ? '' : value),
    z.union([z.literal(''), z.url({ protocol: /^https$/, error: 'The image must be https.' })]),
  ),
});

export function defaultIssuer(baseUrl: string): IssuerProfile {
  return {
    name: 'Campus',
    url: baseUrl,
    email: `campus@${new URL(baseUrl).hostname}`,
    description: 'Internet infrastructure training for Latin America and the Caribbean.',
    image: '',
  };
}

export async function getIssuerProfile(baseUrl: string): Promise<IssuerProfile> {
  const stored = await IssuerModel.findOne({ key: 'campus' }).lean();
  if (!stored) return defaultIssuer(baseUrl);
  const { name, url, email, description, image } = stored;
  return { name, url, email, description, image };
}

export async function updateIssuerProfile(
  actorId: string,
  input: z.infer<typeof issuerInput>,
): Promise<IssuerProfile> {
  await IssuerModel.updateOne({ key: 'campus' }, { $set: input }, { upsert: true });
  await recordAudit({ actor: actorId, action: 'issuer.updated', details: { ...input } });
  return { ...input };
}
