import { translateMessage, type Message, type Translate } from '../../i18n';
import type { PublicAward } from '../awards/public-award';

// The verifier's answer: a verdict in plain words and each check in the spec's order (format,
// schema, proof, key, issuer, status, validity, recipient), so a person sees why.
export type Verdict =
  | 'valid'
  /** The signature (or hosted copy) checks out, but nothing binds the issuer to who it claims. */
  | 'unverified-issuer'
  | 'unconfirmed'
  | 'expired'
  | 'revoked'
  /** Suspended by its issuer (e.g. during an investigation): not valid unless lifted. */
  | 'suspended'
  | 'tampered'
  | 'compromised'
  | 'unknown-issuer'
  | 'unknown'
  | 'wrong-recipient'
  | 'invalid'
  | 'unreadable';

export type CheckName =
  'format' | 'schema' | 'proof' | 'key' | 'issuer' | 'status' | 'validity' | 'recipient';

export interface VerificationCheck {
  check: CheckName;
  ok: boolean;
  /** Worded in the reader's language when shown (see wordReport). */
  detail: Message;
}

/**
 * Who stands behind the issuer's name: this campus itself; an issuer an admin listed as known to
 * this campus (with its keys or origins); the holder of the domain the issuer id names (its
 * profile and keys were served from there); or nobody (did:key, or documents served elsewhere).
 */
export type IssuerTrust = 'this-campus' | 'known-to-campus' | 'domain-bound' | 'unverified';
export const issuerTrustLevels = [
  'this-campus',
  'known-to-campus',
  'domain-bound',
  'unverified',
] as const satisfies readonly IssuerTrust[];

export interface BadgeSummary {
  name: string;
  description: string | null;
  format: string;
  issuer: {
    id: string;
    name: string;
    url: string | null;
    /** True for this campus and the issuers an admin listed as known to it. */
    verified: boolean;
    trust?: IssuerTrust;
    /** The host the issuer id names, when its documents and keys were served from there. */
    domain?: string | null;
  };
  /** Shown only for this campus's badges whose owner left them public. */
  recipientName: string | null;
  issuedOn: string | null;
  expires: string | null;
  url: string | null;
  /**
   * What a badge of this campus certifies: each course of the level (or specialization) and when
   * the holder completed it, from the award's evidence. Empty for other issuers' badges.
   */
  certifies?: { course: string; completedOn: string | null }[];
  /**
   * A badge of this campus that was renewed, or renews another: the holder's awards of it, oldest
   * first (`url` null for a private one). Empty when there was no renewal.
   */
  history?: {
    url: string | null;
    issuedOn: string;
    expires: string | null;
    state: 'current' | 'renewed' | 'revoked' | 'suspended';
  }[];
}

export interface VerificationResult {
  verdict: Verdict;
  checks: VerificationCheck[];
  badge: BadgeSummary | null;
  /** Set once the issuer was looked at (see IssuerTrust). */
  issuerTrust?: IssuerTrust;
}

/** Collects checks as they run; `fail` ends the verification with a verdict. */
export class Report {
  readonly checks: VerificationCheck[] = [];

  pass(check: CheckName, detail: Message): void {
    this.checks.push({ check, ok: true, detail });
  }

  fail(verdict: Verdict, check: CheckName, detail: Message, badge: BadgeSummary | null = null) {
    this.checks.push({ check, ok: false, detail });
    return { verdict, checks: this.checks, badge } satisfies VerificationResult;
  }
}

export type Failure = ReturnType<Report['fail']>;
export const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && 'verdict' in value && 'checks' in value;

export interface RecipientIdentity {
  hashed: boolean;
  identity: string;
  salt: string;
}

/** One `BitstringStatusListEntry` of a credential. */
export interface BitstringEntry {
  purpose: 'revocation' | 'suspension';
  url: string;
  index: number;
}

/** Where the revocation status of a credential is read. */
export type StatusSource =
  | { kind: 'own' }
  | { kind: 'none' }
  | { kind: 'hosted'; revoked: boolean; reason: string | null }
  | { kind: 'ob2-list'; url: string }
  | { kind: 'ob3-list'; url: string }
  | { kind: 'bitstring'; issuerId: string; entries: BitstringEntry[] };

/**
 * What ties another issuer's credential to the issuer it names: the host of the issuer id when its
 * profile and keys were served from that origin, else why not; and what the trusted-issuer list
 * matches (the signing key's id, the origins its documents came from).
 */
export interface IssuerBinding {
  boundTo: string | null;
  unboundBecause: Message | null;
  keyId: string | null;
  servedFrom: string[];
}

/** What a format's checks (schema, proof, key) established, for the checks every format shares. */
export interface VerifiedCredential {
  summary: Omit<BadgeSummary, 'recipientName'>;
  credentialId: string;
  /** Set for this campus's own credentials: the award the later checks read. */
  ownPublicId: string | null;
  /** The award, when the format's checks already read it from the store. */
  ownAward?: PublicAward;
  validFrom: string | null;
  validUntil: string | null;
  recipients: RecipientIdentity[];
  status: StatusSource;
  /** Another issuer's credential: what binds it to its issuer (absent for our own). */
  binding?: IssuerBinding;
}

/** The result with every check's detail in the reader's words, as the page and the API show it. */
export function wordReport(t: Translate, result: VerificationResult) {
  return {
    ...result,
    checks: result.checks.map((check) => ({ ...check, detail: translateMessage(t, check.detail) })),
  };
}
