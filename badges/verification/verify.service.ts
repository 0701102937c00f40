// Verification for employers and anyone else, of this campus's badges and other issuers'. The
// checks run in the spec's order (format, schema, proof and key, status, validity window,
// recipient); the first that fails decides the verdict, and a status that cannot be read never
// lets the answer be a plain "valid". Another issuer's documents are fetched only through the
// SSRF-safe fetcher; ours are read from the store.
import type { Message } from '../../i18n';
import { z } from 'zod';
import { emailField } from '../../platform/validation';
import { validationFailed } from '../../platform/errors';
import { getAchievementData } from '../achievements/achievement.service';
import { listAwardHistory } from '../awards/award-renewal.service';
import { findPublicAward, type PublicAward } from '../awards/award.service';
import { getIssuerProfile } from '../issuer/issuer.service';
import { hashRecipientEmail } from '../open-badges/recipient';
import { readBitstringEntry } from './bitstring-status';
import { fetchJson, type VerifierContext } from './issuer-keys';
import { cachedVerification, keepVerification, verificationCacheKey } from './verification-cache';
import { readText, readUpload, type Presented } from './presented-credential';
import { withVerificationDeadline } from '../../platform/safe-fetch';
import { findTrustedIssuerFor } from './trusted-issuers.service';
import {
  isFailure,
  Report,
  type BadgeSummary,
  type Failure,
  type IssuerBinding,
  type IssuerTrust,
  type VerificationResult,
  type VerifiedCredential,
} from './verification-report';
import {
  isLegacyOb1,
  isOb2Assertion,
  legacyOb1Answer,
  ownPublicIdOf,
  verifyForeignHosted,
  verifyOb2Signed,
  verifyOwnHosted,
} from './verify-ob2';
import { isOb3Credential, verifyOb3Json, verifyOb3Jwt } from './verify-ob3';

export type { VerificationResult } from './verification-report';
export type { VerifierContext } from './issuer-keys';

export const verifyInput = z.object({
  /** A credential or certificate id, a badge URL, a JWS/VC-JWT, JSON, or a baked SVG's text. */
  credential: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().min(1).max(200_000).optional(),
  ),
  /** Optional: check that the badge was issued to this email. */
  email: z.preprocess((value) => (value === '' ? undefined : value), emailField.optional()),
});
export type VerifyInput = z.infer<typeof verifyInput>;

export async function verifyCredential(
  input: VerifyInput & { file?: Buffer },
  verifier: VerifierContext,
): Promise<VerificationResult> {
  // Nothing given is the asker's slip, not a badge that failed: said on the field, like any form.
  if (!input.file && !input.credential)
    throw validationFailed({ credential: 'verify:page.nothingGiven' });
  // All of this verification's fetches share one deadline (each also has its own).
  const context = { ...verifier, fetch: withVerificationDeadline(verifier.fetch) };
  // Uploads are not cached: their bytes would have to be hashed whole, and they are rare.
  const cacheKey = input.file ? null : verificationCacheKey(input);
  const cached = cacheKey ? await cachedVerification(cacheKey) : null;
  if (cached?.answer) return cached.answer;

  const report = new Report();
  const reading = input.file ? readUpload(input.file) : readText(input.credential ?? '');
  if (!reading.ok) return report.fail('unreadable', 'format', reading.problem);
  const verified = await checkFormatAndProof(reading.presented, context, report);
  if (isFailure(verified)) return verified;
  const answer = await checkStatusValidityRecipient(verified, input.email, context, report);
  // Only our own credentials: another issuer's status and keys change without telling us.
  if (cached && cacheKey && verified.ownPublicId)
    keepVerification(cacheKey, cached.epoch, answer, [verified.validFrom, verified.validUntil]);
  return answer;
}

async function checkFormatAndProof(
  presented: Presented,
  context: VerifierContext,
  report: Report,
): Promise<VerifiedCredential | Failure> {
  const baked =
    'bakedIn' in presented && presented.bakedIn
      ? { key: 'verify:baked', values: { image: presented.bakedIn } }
      : '';
  switch (presented.kind) {
    case 'id':
      report.pass('format', 'verify:format.ownId');
      return verifyOwnHosted(presented.publicId, context, report, 'Open Badges 2.0 (hosted)');
    case 'url': {
      const ownId = ownPublicIdOf(context, presented.url);
      if (ownId) {
        report.pass('format', { key: 'verify:format.ownLink', values: { baked } });
        return verifyOwnHosted(ownId, context, report, 'Open Badges 2.0 (hosted)');
      }
      report.pass('format', { key: 'verify:format.foreignLink', values: { baked } });
      return verifyForeignHosted(presented.url.href, context, report);
    }
    case 'jws': {
      return isVcJwtPayload(presented.jws)
        ? verifyOb3Jwt(presented.jws, context, report)
        : verifyOb2Signed(presented.jws, context, report);
    }
    case 'json': {
      const document = presented.document;
      if (isOb3Credential(document)) {
        report.pass('format', { key: 'verify:format.ob3Json', values: { baked } });
        return verifyOb3Json(document, context, report);
      }
      if (isOb2Assertion(document) && typeof document.id === 'string') {
        // A hosted assertion is checked against the copy at its own id, never the pasted one.
        report.pass('format', { key: 'verify:format.ob2Json', values: { baked } });
        let url: URL;
        try {
          url = new URL(document.id);
        } catch {
          return report.fail('invalid', 'format', 'verify:assertionIdNotUrl');
        }
        const ownId = ownPublicIdOf(context, url);
        return ownId
          ? verifyOwnHosted(ownId, context, report, 'Open Badges 2.0 (hosted)')
          : verifyForeignHosted(url.href, context, report);
      }
      if (isLegacyOb1(document)) return report.fail('invalid', 'format', legacyOb1Answer);
      return report.fail('unreadable', 'format', 'verify:jsonNotBadge');
    }
  }
}

async function checkStatusValidityRecipient(
  verified: VerifiedCredential,
  email: string | undefined,
  context: VerifierContext,
  report: Report,
): Promise<VerificationResult> {
  const badge = { ...verified.summary, recipientName: null as string | null };
  let award: PublicAward | null = verified.ownAward ?? null;
  let trust: IssuerTrust = 'this-campus';
  if (verified.ownPublicId) {
    award ??= await findPublicAward(verified.ownPublicId).catch(() => null);
    if (!award) return report.fail('unknown', 'issuer', 'verify:noSuchBadge');
    const [achievement, issuer] = await Promise.all([
      getAchievementData(award.achievementSlug, context.baseUrl),
      getIssuerProfile(context.baseUrl),
    ]);
    Object.assign(badge, {
      name: achievement.name,
      description: achievement.description,
      issuer: {
        id: context.issuerId,
        name: issuer.name,
        url: issuer.url,
        verified: true,
        trust: 'this-campus',
        domain: new URL(context.baseUrl).host,
      },
      // A private badge is verified without showing whose it is.
      recipientName: award.private ? null : award.recipientName,
      url: `${context.baseUrl}/badges/assertions/${award.publicId}`,
      // With the holder's name, what they completed and when is theirs to show.
      certifies: (award.private ? [] : award.evidence.courses).map((course) => ({
        course: course.title ?? course.slug ?? '',
        completedOn: course.completedAt ? new Date(course.completedAt).toISOString() : null,
      })),
      // Renewals: the holder's awards of this badge, one after the other (none for a private one).
      history: award.private
        ? []
        : historyOf(
            await listAwardHistory(award.publicId, { withPrivate: false }),
            context.baseUrl,
          ),
    });
    report.pass('issuer', { key: 'verify:issuedByUs', values: { name: issuer.name } });
  } else {
    trust = await checkIssuerIdentity(badge, verified.binding, report);
  }

  const status = await readStatus(verified, award, context);
  if (status.state === 'revoked')
    return report.fail(
      'revoked',
      'status',
      status.reason
        ? { key: 'verify:revokedBecause', values: { reason: status.reason } }
        : 'verify:revoked',
      badge,
    );
  if (status.state === 'suspended')
    return report.fail(
      'suspended',
      'status',
      status.reason
        ? { key: 'verify:suspendedBecause', values: { reason: status.reason } }
        : 'verify:suspended',
      badge,
    );
  if (status.state === 'unknown')
    report.checks.push({ check: 'status', ok: false, detail: status.detail });
  else report.pass('status', status.detail);

  const now = Date.now();
  if (verified.validFrom && Date.parse(verified.validFrom) > now)
    return report.fail(
      'invalid',
      'validity',
      { key: 'verify:notYetValid', values: { date: new Date(verified.validFrom) } },
      badge,
    );
  if (verified.validUntil && Date.parse(verified.validUntil) < now)
    return report.fail(
      'expired',
      'validity',
      {
        key: 'verify:expiredOn',
        values: { date: new Date(verified.validUntil) },
      },
      badge,
    );
  report.pass(
    'validity',
    verified.validUntil
      ? { key: 'verify:validUntil', values: { date: new Date(verified.validUntil) } }
      : 'verify:noExpiry',
  );

  if (email) {
    if (!verified.recipients.some((recipient) => matchesRecipient(recipient, email)))
      return report.fail('wrong-recipient', 'recipient', 'verify:wrongRecipient', badge);
    report.pass('recipient', 'verify:rightRecipient');
  }
  // A signature that checks out proves the key, not who holds it: an issuer nothing binds is
  // never plainly "valid".
  const verdict =
    trust === 'unverified'
      ? 'unverified-issuer'
      : status.state === 'unknown'
        ? 'unconfirmed'
        : 'valid';
  return { verdict, checks: report.checks, badge, issuerTrust: trust };
}

/**
 * Another issuer: known to this campus when an admin listed it with the key or origins it used;
 * else bound to the domain its profile and keys were served from; else unverified, and the check
 * says why.
 */
async function checkIssuerIdentity(
  badge: BadgeSummary,
  binding: IssuerBinding | undefined,
  report: Report,
): Promise<IssuerTrust> {
  const { name, id } = badge.issuer;
  const known = binding ? await findTrustedIssuerFor(id, binding) : null;
  const trust: IssuerTrust = known
    ? 'known-to-campus'
    : binding?.boundTo
      ? 'domain-bound'
      : 'unverified';
  badge.issuer = {
    ...badge.issuer,
    verified: trust === 'known-to-campus',
    trust,
    domain: binding?.boundTo ?? null,
  };
  if (known)
    report.pass('issuer', {
      key: 'verify:issuerKnown',
      values: { name, id, listedAs: known.name },
    });
  else if (binding?.boundTo)
    report.pass('issuer', {
      key: 'verify:issuerDomainBound',
      values: { name, id, domain: binding.boundTo },
    });
  else {
    const why = binding?.unboundBecause ?? 'verify:issuerNotFromItsId';
    report.checks.push({
      check: 'issuer',
      ok: false,
      detail: {
        key: 'verify:issuerUnverified',
        values: { name, id, why: typeof why === 'string' ? { key: why, values: { id } } : why },
      },
    });
  }
  return trust;
}

function matchesRecipient(recipient: VerifiedCredential['recipients'][number], email: string) {
  if (!recipient.hashed)
    return recipient.identity.trim().toLowerCase() === email.trim().toLowerCase();
  // Issuers differ on lower-casing before hashing: accept the address as typed and lower-cased.
  return [
    hashRecipientEmail(email, recipient.salt),
    hashRecipientEmail(email, recipient.salt, { lowerCase: false }),
  ].includes(recipient.identity.toLowerCase());
}

type StatusAnswer =
  | { state: 'revoked'; reason: string | null }
  | { state: 'suspended'; reason: string | null }
  | { state: 'standing'; detail: Message }
  | { state: 'unknown'; detail: Message };

async function readStatus(
  verified: VerifiedCredential,
  ownAward: PublicAward | null,
  context: VerifierContext,
): Promise<StatusAnswer> {
  const source = verified.status;
  const unreachable = (why: string | Message): StatusAnswer => ({
    state: 'unknown',
    detail: { key: 'verify:statusUnknown', values: { why } },
  });
  const standing = (detail: Message): StatusAnswer => ({ state: 'standing', detail });
  switch (source.kind) {
    case 'own': {
      const award = ownAward!;
      if (award.revokedAt) return { state: 'revoked', reason: award.revocationReason };
      if (award.suspendedAt) return { state: 'suspended', reason: award.suspensionReason };
      return standing('verify:notRevokedHere');
    }
    case 'none':
      return standing('verify:noRevocationList');
    case 'hosted':
      return source.revoked
        ? { state: 'revoked', reason: source.reason }
        : standing('verify:notRevokedHosted');
    case 'ob2-list':
    case 'ob3-list': {
      if (!source.url) return unreachable({ key: 'verify:why.method', values: {} });
      const list = await fetchJson(context, source.url);
      if (!list.ok) return unreachable(list.reason);
      const entries = [
        list.document.revokedAssertions,
        list.document.revokedCredentials,
        list.document.revokedCredential,
      ]
        .flat()
        .filter(Boolean) as Array<
        string | { id?: string; uid?: string; revocationReason?: string }
      >;
      const entry = entries.find((candidate) =>
        typeof candidate === 'string'
          ? candidate === verified.credentialId
          : candidate.id === verified.credentialId,
      );
      if (entry)
        return {
          state: 'revoked',
          reason: typeof entry === 'string' ? null : (entry.revocationReason ?? null),
        };
      return standing('verify:notOnList');
    }
    case 'bitstring': {
      // Every entry is read (revocation and suspension lists alike); a revocation outranks a
      // suspension, and one list that cannot be read leaves the answer unconfirmed.
      const answers = await Promise.all(
        source.entries.map(async (entry) => ({
          entry,
          answer: await readBitstringEntry(context, source.issuerId, entry),
        })),
      );
      for (const purpose of ['revocation', 'suspension'] as const)
        if (
          answers.some(({ entry, answer }) => entry.purpose === purpose && answer.ok && answer.set)
        )
          return purpose === 'revocation'
            ? { state: 'revoked', reason: null }
            : { state: 'suspended', reason: null };
      const unread = answers.find(({ answer }) => !answer.ok)?.answer;
      if (unread && !unread.ok) return unreachable(unread.why);
      return standing('verify:notInStatusList');
    }
  }
}

/**
 * A VC-JWT carries its credential in a `vc` claim; an OB 2.0 signed assertion has none. Read as
 * JSON, not searched as text: a course title with `"vc":` in our own assertion's evidence sent it
 * down the wrong path.
 */
function isVcJwtPayload(jws: string): boolean {
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    const vc = (payload as { vc?: unknown } | null)?.vc;
    return typeof vc === 'object' && vc !== null;
  } catch {
    return false;
  }
}

/** The award history as a verification answer shows it: only when there was a renewal. */
function historyOf(
  entries: Awaited<ReturnType<typeof listAwardHistory>>,
  baseUrl: string,
): NonNullable<BadgeSummary['history']> {
  if (entries.length < 2) return [];
  return entries.map((entry) => ({
    url: entry.private ? null : `${baseUrl}/badges/assertions/${entry.publicId}`,
    issuedOn: entry.issuedOn.toISOString(),
    expires: entry.expires?.toISOString() ?? null,
    state: entry.revoked
      ? 'revoked'
      : entry.renewedAt
        ? 'renewed'
        : entry.suspended
          ? 'suspended'
          : 'current',
  }));
}
