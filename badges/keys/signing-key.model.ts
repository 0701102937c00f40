import { Schema, model, type InferSchemaType } from 'mongoose';

import { keyAlgorithms, type KeyAlgorithm } from './key-algorithms';

export { keyAlgorithms, type KeyAlgorithm };

// The issuer's signing keys. Private parts are stored only encrypted (AES-256-GCM, key from
// CREDENTIAL_KEY_SECRET). `slot` makes "one active key per algorithm" a unique index: it is the
// algorithm while the key is active and the key's own kid once retired or compromised, so it is
// always present (FerretDB ignores sparse) and always unique.
const signingKeySchema = new Schema({
  kid: { type: String, required: true, unique: true },
  algorithm: { type: String, enum: keyAlgorithms, required: true },
  slot: { type: String, required: true, unique: true },
  status: { type: String, enum: ['active', 'retired', 'compromised'], required: true },
  /** The public key as a JWK (never a private member). */
  publicJwk: { type: Schema.Types.Mixed, required: true },
  encryptedPrivateKey: {
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    ciphertext: { type: String, required: true },
  },
  createdAt: { type: Date, required: true },
  retiredAt: { type: Date },
  compromisedAt: { type: Date },
});

export type SigningKey = InferSchemaType<typeof signingKeySchema>;
export const SigningKeyModel = model('SigningKey', signingKeySchema);
