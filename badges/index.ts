export { ensureSigningKeys, getActiveKey, publishedJwks } from './keys/key-store';
export { hashRecipientEmail, newSalt } from './open-badges/recipient';
export { badgesComponent } from './manifest';
export { keyAlgorithms, type KeyAlgorithm } from './keys/key-algorithms';
export { ensureSpecializationAchievements } from './achievements/achievement-seed';
export { streamIssuedAwards } from './awards/award-queries';
export { streamRenderedCertificates } from './certificates/certificate-queries';
export {
  listAchievementsOfSpecializations,
  type AchievementOutline,
} from './achievements/achievement-queries';
export { countHolderCredentials, listHolderCredentials } from './awards/holder-credentials';
export { verifyForWallet, type WalletVerification } from './verification/verify-for-wallet';
export {
  findHolderAwardForWallet,
  holderWalletCredential,
  type WalletCredentialFormat,
} from './awards/holder-credentials';
export { getIssuerProfile } from './issuer/issuer.service';
export { ob3Contexts } from './open-badges/ob3';
