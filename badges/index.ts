export { issuerAdminApi, wellKnownRoutes } from './keys/keys.routes';
export { ensureSigningKeys, getActiveKey, publishedJwks } from './keys/key-store';
export { hashRecipientEmail, newSalt } from './open-badges/recipient';
export { hostedBadgeRoutes } from './awards/hosted-badges.routes';
export { achievementsAdminApi } from './achievements/achievements.api';
export { walletApi, walletPages } from './awards/wallet.routes';
export { verifyApi, verifyPages, verifyRateLimits } from './verification/verify.routes';
export { adminBadgePages } from './achievements/admin-badges.routes';
export { trustedIssuerPages } from './verification/trusted-issuers.routes';
export { badgesComponent } from './manifest';
export { keyAlgorithms, type KeyAlgorithm } from './keys/key-algorithms';
export { ensureSpecializationAchievements } from './achievements/achievement-seed';
export { streamIssuedAwards } from './awards/award-queries';
export { streamRenderedCertificates } from './certificates/certificate-queries';
export {
  listAchievementsOfSpecializations,
  type AchievementOutline,
} from './achievements/achievement-queries';
