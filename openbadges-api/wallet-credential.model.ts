import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// A credential from another issuer that a student keeps in their campus wallet, stored through
// the Open Badges API once verified, and returned exactly as it was sent. One per (student,
// credential): its id, or the hash of its text when it has none (the spec's credential equality).
const walletCredentialSchema = new Schema({
  student: { type: Types.ObjectId, ref: 'User', required: true },
  key: { type: String, required: true },
  /** `json`: an AchievementCredential object; `jws`: a VC-JWT in compact form. */
  format: { type: String, enum: ['json', 'jws'], required: true },
  body: { type: String, required: true },
  name: { type: String },
  issuerName: { type: String },
  /** When its issuer issued it (the API's `since`). */
  issuedOn: { type: Date, required: true },
  storedAt: { type: Date, required: true },
});
walletCredentialSchema.index({ student: 1, key: 1 }, { unique: true });
walletCredentialSchema.index({ student: 1, issuedOn: 1 });

export type WalletCredential = InferSchemaType<typeof walletCredentialSchema>;
export const WalletCredentialModel = model('WalletCredential', walletCredentialSchema);
