// What a new password may not be (NIST 800-63B): one of the 49,000 most common passwords
// (@zxcvbn-ts/language-common, read once into a Set, compared case-insensitively), or a password
// containing the account's email local part. Every place that sets a password a person chose
// (register, reset, change, an account an admin or the seed creates) goes through here.
import { dictionary } from '@zxcvbn-ts/language-common';
import { validationFailed } from '../platform/errors';

let commonPasswords: Set<string> | undefined;

/** Whether the password (ignoring case) is on the common-passwords list. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    (dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()),
  );
  return commonPasswords.has(password.toLowerCase());
}

/**
 * Whether the password contains the email's local part ("maria.souza" in
 * "maria.souza2026!"). Local parts under 3 characters would forbid half the alphabet: skipped.
 */
export function containsEmailName(password: string, email: string): boolean {
  const local = email.split('@')[0]!.toLowerCase();
  return local.length >= 3 && password.toLowerCase().includes(local);
}

/** Refuses (422 on `field`) a password that is common or contains the account's email name. */
export function assertAcceptablePassword(password: string, email: string, field = 'password') {
  if (isCommonPassword(password))
    throw validationFailed({ [field]: 'accounts:validation.passwordCommon' });
  if (containsEmailName(password, email))
    throw validationFailed({ [field]: 'accounts:validation.passwordHasEmail' });
}
