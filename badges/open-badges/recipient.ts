// Recipient identity as Open Badges publishes it: the email never appears, only
// sha256(email + salt) with a per-award salt, so awards cannot be linked to each other by hash.
import { createHash, randomBytes } from 'node:crypto';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** `sha256$` + hex(sha256(email + salt)), the OB 2.0 `identity` (and OB 3.0 `identityHash`). */
export function hashRecipientEmail(
  email: string,
  salt: string,
  { lowerCase = true }: { lowerCase?: boolean } = {},
): string {
  // We lower-case before hashing; other issuers may not, so the verifier can try both.
  const normalized = lowerCase ? email.trim().toLowerCase() : email.trim();
  return `sha256$${createHash('sha256')
    .update(normalized + salt)
    .digest('hex')}`;
}
