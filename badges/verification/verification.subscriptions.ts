// A revoked or suspended award (or a lifted suspension): cached verification answers are forgotten before the revocation returns, so no
// verifier, here or elsewhere, is told "valid" from a cache afterwards.
import { projection } from '../../platform/event-bus';
import { retireCachedVerifications } from './verification-cache';

export const verificationSubscriptions = [
  projection('award.revoked', 'retire-cached-verifications', () => retireCachedVerifications()),
  projection('award.suspension-changed', 'retire-cached-verifications', () =>
    retireCachedVerifications(),
  ),
];
