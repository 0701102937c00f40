import { Schema, model, Types } from 'mongoose';

// Only a SHA-256 of the emailed token is stored: a database leak does not yield usable links.
// FerretDB has no TTL indexes, so expiry is checked on use (expiresAt) rather than by the store.
const passwordResetSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    user: { type: Types.ObjectId, ref: 'User', required: true, index: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export const PasswordResetModel = model('PasswordReset', passwordResetSchema);
