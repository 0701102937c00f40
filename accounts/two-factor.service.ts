// Two-factor authentication: TOTP (RFC 6238, 30-second steps, any authenticator app) via the
// otpauth library, ten single-use recovery codes kept only as hashes, and the rules around
// them: a code is accepted once (its time step must be newer than the last one used), a
// recovery code once, and an admin can reset a user's second factor (audited).
import { trustedHtml } from '../platform/safe-html';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { recordAudit } from '../platform/audit/audit.service';
import { AppError, notFound, validationFailed } from '../platform/errors';
import { seal, unseal, type Sealed } from '../platform/secret-box';
import { UserModel } from './user.model';

const sealPurpose = 'campus-two-factor';
const recoveryCodeCount = 10;

export interface TwoFactorConfig {
  credentialKeySecret: string;
}

function totpFor(secret: Secret, email: string) {
  return new TOTP({
    issuer: 'Campus',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret,
  });
}

const hashCode = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/**
 * Starts (or restarts) enrolment: a new secret, sealed and stored but not yet enabled, and what
 * the person needs to add it to an app (QR code and the key typed by hand).
 */
export async function beginTwoFactorEnrolment(config: TwoFactorConfig, userId: string) {
  const user = await UserModel.findById(userId).select('email twoFactor.enabledAt').lean();
  if (!user) throw notFound('account');
  if (user.twoFactor?.enabledAt) throw new AppError('conflict', 409, 'errors:twoFactor.alreadyOn');
  const secret = new Secret({ size: 20 });
  await UserModel.updateOne(
    { _id: userId },
    {
      $set: {
        twoFactor: {
          secret: seal(config.credentialKeySecret, sealPurpose, userId, Buffer.from(secret.base32)),
          lastStep: 0,
          recoveryCodeHashes: [],
        },
      },
    },
  );
  const uri = totpFor(secret, user.email).toString();
  return {
    uri,
    // The qrcode library's own SVG: made of the URI's modules, no text of ours in it.
    qrSvg: trustedHtml(await QRCode.toString(uri, { type: 'svg', margin: 1 })),
    manualKey: secret.base32,
  };
}

/** The enrolment in progress (after a wrong first code, the page shows the same QR again). */
export async function pendingTwoFactorEnrolment(config: TwoFactorConfig, userId: string) {
  const user = await UserModel.findById(userId).select('email twoFactor').lean();
  if (!user?.twoFactor?.secret?.ciphertext || user.twoFactor.enabledAt) return null;
  const secret = openSecret(config, userId, user.twoFactor.secret as Sealed);
  const uri = totpFor(secret, user.email).toString();
  return {
    uri,
    qrSvg: trustedHtml(await QRCode.toString(uri, { type: 'svg', margin: 1 })),
    manualKey: secret.base32,
  };
}

function openSecret(config: TwoFactorConfig, userId: string, sealed: Sealed) {
  return Secret.fromBase32(
    unseal(config.credentialKeySecret, sealPurpose, userId, sealed).toString(),
  );
}

/**
 * The time step a TOTP code belongs to (one step of clock drift either way), or null. The step
 * is claimed atomically, so the same code cannot be used twice, even by two requests at once.
 */
async function claimTotpStep(
  config: TwoFactorConfig,
  userId: string,
  code: string,
): Promise<boolean> {
  const user = await UserModel.findById(userId).select('email twoFactor').lean();
  if (!user?.twoFactor?.secret?.ciphertext || !/^\d{6}$/.test(code)) return false;
  const totp = totpFor(openSecret(config, userId, user.twoFactor.secret as Sealed), user.email);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 30_000) + delta;
  const claimed = await UserModel.updateOne(
    { _id: userId, 'twoFactor.lastStep': { $lt: step } },
    { $set: { 'twoFactor.lastStep': step } },
  );
  return claimed.modifiedCount === 1;
}

/** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
export async function confirmTwoFactorEnrolment(
  config: TwoFactorConfig,
  userId: string,
  code: string,
) {
  if (!(await claimTotpStep(config, userId, code.trim())))
    throw validationFailed({ code: 'errors:twoFactor.wrongFirstCode' });
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await UserModel.updateOne(
    { _id: userId },
    {
      $set: {
        'twoFactor.enabledAt': new Date(),
        'twoFactor.recoveryCodeHashes': codes.map(hashCode),
      },
    },
  );
  return codes;
}

/** The second step of a login: a TOTP code, or one of the recovery codes (used up). */
export async function verifySecondFactor(config: TwoFactorConfig, userId: string, input: string) {
  const code = input.trim();
  if (/^\d{6}$/.test(code)) {
    if (await claimTotpStep(config, userId, code)) return { via: 'totp' as const };
  } else {
    const hash = hashCode(code);
    const user = await UserModel.findById(userId).select('twoFactor.recoveryCodeHashes').lean();
    const known = (user?.twoFactor?.recoveryCodeHashes ?? []).some((stored) =>
      timingSafeEqual(Buffer.from(stored), Buffer.from(hash)),
    );
    // Pulled atomically: of two requests with the same code, only one removes it.
    const used = known
      ? await UserModel.updateOne(
          { _id: userId, 'twoFactor.recoveryCodeHashes': hash },
          { $pull: { 'twoFactor.recoveryCodeHashes': hash } },
        )
      : null;
    if (used?.modifiedCount === 1) return { via: 'recovery-code' as const };
  }
  throw new AppError('invalid_two_factor_code', 401, 'errors:twoFactor.wrongCode', {
    fields: { code: 'errors:twoFactor.wrongCode' },
  });
}

export async function recoveryCodesLeft(userId: string): Promise<number> {
  const user = await UserModel.findById(userId).select('twoFactor.recoveryCodeHashes').lean();
  return user?.twoFactor?.recoveryCodeHashes?.length ?? 0;
}

/** An admin turns a user's second factor off (a lost phone); they enrol again at next login. */
export async function resetTwoFactor(actorId: string, userId: string) {
  const result = await UserModel.updateOne(
    { _id: userId },
    { $unset: { twoFactor: 1 }, $inc: { sessionEpoch: 1 } },
  );
  if (result.matchedCount === 0) throw notFound('account');
  await recordAudit({ actor: actorId, action: 'two_factor.reset', student: userId, details: {} });
}
