/** The algorithms the campus signs credentials with (OB 3.0 VC-JWT: RS256; Data Integrity: Ed25519). */
export const keyAlgorithms = ['RS256', 'Ed25519'] as const;
export type KeyAlgorithm = (typeof keyAlgorithms)[number];
