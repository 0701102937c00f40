export { issuerAdminApi, wellKnownRoutes } from './keys/keys.routes';
export { ensureSigningKeys, getActiveKey, isKeyCompromised, publishedJwks } from './keys/key-store';
export { SigningKeyModel } from './keys/signing-key.model';
export { IssuerModel } from './issuer/issuer.model';
export { hashRecipientEmail, newSalt } from './open-badges/recipient';
