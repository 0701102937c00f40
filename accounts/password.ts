import argon2 from 'argon2';

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): OWASP's recommended KDF. A hash
// names its own parameters, so verifying never depends on this setting.
const costs = {
  standard: { type: argon2.argon2id },
  // The test suite only (config refuses it elsewhere): still argon2id, 25 times cheaper.
  light: { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 },
} as const;
let hashOptions: (typeof costs)[keyof typeof costs] = costs.standard;

/** Set once at start-up from the configuration (PASSWORD_HASH_COST). */
export function usePasswordHashCost(cost: keyof typeof costs): void {
  hashOptions = costs[cost];
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

// A real hash to verify against when the email is unknown, so both cases take the same time.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    decoyHash ??= hashPassword('decoy-password-for-unknown-accounts');
    await argon2.verify(await decoyHash, password);
    return false;
  }
  return argon2.verify(hash, password);
}
