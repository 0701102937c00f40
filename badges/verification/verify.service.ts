// Verification of the campus's own credentials, for employers and anyone else: a hosted assertion
// URL, a signed badge (JWS) or a baked SVG. It never fetches a URL (so no SSRF): a credential of
// another issuer is answered as such. Each check is reported, so a person sees why.
import { compactVerify, decodeProtectedHeader } from 'jose';
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { emailField } from '../../accounts/accounts.schemas';
import { getAchievementData } from '../achievements/achievement.service';
import { findPublicAward, type PublicAward } from '../awards/award.service';
import { readBakedOb2Svg } from '../baking/bake-svg';
import { SigningKeyModel } from '../keys/signing-key.model';
import { hashRecipientEmail } from '../open-badges/recipient';

export const verifyInput = z.object({
  /** An assertion URL of this campus, a signed badge (JWS), or a baked SVG's text. */
  credential: z
    .string()
    .trim()
    .min(10, 'Paste a badge link, a signed badge or a baked SVG.')
    .max(200_000),
  /** Optional: check that the badge was issued to this email. */
  email: z.preprocess((value) => (value === '' ? undefined : value), emailField.optional()),
});
export type VerifyInput = z.infer<typeof verifyInput>;

export interface VerificationCheck {
  check: 'format' | 'issuer' | 'signature' | 'key' | 'revocation' | 'validity' | 'recipient';
  ok: boolean;
  detail: string;
}

export interface VerificationResult {
  verdict: 'valid' | 'revoked' | 'expired' | 'invalid';
  checks: VerificationCheck[];
  badge: {
    name: string;
    recipientName: string | null;
    issuedOn: string;
    expires: string | null;
    url: string;
  } | null;
}

const assertionPath = /\/badges\/assertions\/([0-9a-f-]{36})$/;

export async function verifyCredential(
  input: VerifyInput,
  baseUrl: string,
): Promise<VerificationResult> {
  const checks: VerificationCheck[] = [];
  const fail = (check: VerificationCheck['check'], detail: string): VerificationResult => {
    checks.push({ check, ok: false, detail });
    return { verdict: 'invalid', checks, badge: null };
  };

  let text = input.credential;
  if (text.startsWith('<svg') || text.startsWith('<?xml')) {
    const baked = readBakedOb2Svg(text);
    if (!baked) return fail('format', 'This SVG carries no Open Badges assertion.');
    checks.push({ check: 'format', ok: true, detail: 'Baked SVG badge.' });
    text = baked.verify;
  }

  let publicId: string;
  let signedClaims: { recipient?: { identity?: string } } | null = null;
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) {
    const signed = await verifySignature(text, checks);
    if (!signed) return { verdict: 'invalid', checks, badge: null };
    signedClaims = signed.claims;
    publicId = signed.publicId;
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('format', 'This is not a badge link, a signed badge or a baked SVG.');
    }
    if (url.origin !== new URL(baseUrl).origin || !assertionPath.test(url.pathname))
      return fail('issuer', 'This badge was not issued by this campus: verify it with its issuer.');
    checks.push({ check: 'issuer', ok: true, detail: 'Issued by this campus (hosted assertion).' });
    publicId = assertionPath.exec(url.pathname)![1]!;
  }

  let award: PublicAward;
  try {
    award = await findPublicAward(publicId);
  } catch {
    return fail('issuer', 'This campus has no such badge.');
  }
  if (signedClaims && signedClaims.recipient?.identity !== award.recipientHash)
    return fail('signature', 'The signed badge does not match the badge on record.');

  const now = new Date();
  const revoked = Boolean(award.revokedAt);
  checks.push({
    check: 'revocation',
    ok: !revoked,
    detail: revoked ? `Revoked: ${award.revocationReason ?? 'by the issuer'}.` : 'Not revoked.',
  });
  const expired = Boolean(award.expires && award.expires < now);
  checks.push({
    check: 'validity',
    ok: !expired,
    detail: expired
      ? `Expired on ${award.expires!.toISOString().slice(0, 10)}.`
      : award.expires
        ? `Valid until ${award.expires.toISOString().slice(0, 10)}.`
        : 'Does not expire.',
  });
  let recipientOk = true;
  if (input.email) {
    recipientOk = hashRecipientEmail(input.email, award.salt) === award.recipientHash;
    checks.push({
      check: 'recipient',
      ok: recipientOk,
      detail: recipientOk ? 'Issued to this email address.' : 'Not issued to this email address.',
    });
  }

  const achievement = await getAchievementData(award.achievementSlug, baseUrl);
  const verdict = revoked
    ? 'revoked'
    : expired
      ? 'expired'
      : recipientOk && checks.every((c) => c.ok)
        ? 'valid'
        : 'invalid';
  return {
    verdict,
    checks,
    badge: {
      name: achievement.name,
      // A private badge is verified without showing whose it is.
      recipientName: award.private ? null : award.recipientName,
      issuedOn: award.issuedOn.toISOString(),
      expires: award.expires?.toISOString() ?? null,
      url: `${baseUrl}/badges/assertions/${award.publicId}`,
    },
  };
}

async function verifySignature(jws: string, checks: VerificationCheck[]) {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    checks.push({ check: 'format', ok: false, detail: 'This signed badge cannot be read.' });
    return null;
  }
  const key = kid ? await SigningKeyModel.findOne({ kid, algorithm: 'RS256' }).lean() : null;
  if (!key) {
    checks.push({ check: 'issuer', ok: false, detail: 'Not signed by a key of this campus.' });
    return null;
  }
  try {
    const { payload } = await compactVerify(
      jws,
      createPublicKey({ key: key.publicJwk as never, format: 'jwk' }),
    );
    checks.push({
      check: 'signature',
      ok: true,
      detail: 'Signature verified with the campus key.',
    });
    if (key.status === 'compromised') {
      checks.push({
        check: 'key',
        ok: false,
        detail: `Signed with a key reported compromised on ${key.compromisedAt?.toISOString().slice(0, 10)}: not trustworthy.`,
      });
      return null;
    }
    checks.push({
      check: 'key',
      ok: true,
      detail:
        key.status === 'active' ? 'Current signing key.' : 'An earlier signing key, still valid.',
    });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as {
      id?: string;
      recipient?: { identity?: string };
    };
    const publicId = /^urn:uuid:([0-9a-f-]{36})$/.exec(claims.id ?? '')?.[1];
    if (!publicId) {
      checks.push({ check: 'format', ok: false, detail: 'The signed badge has no badge id.' });
      return null;
    }
    return { publicId, claims };
  } catch {
    checks.push({
      check: 'signature',
      ok: false,
      detail: 'The signature does not match: the badge was changed or forged.',
    });
    return null;
  }
}
