import { Schema, model, Types } from 'mongoose';

// A link mailed to an address to prove its owner reads it: `confirm` (the account's own email, at
// sign-up or resent) or `change` (the owner asked, with their password, to move the account to
// this address). Only a SHA-256 of the token is kept; expiry is checked on use (no TTL on FerretDB).
const emailConfirmationSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    user: { type: Types.ObjectId, ref: 'User', required: true, index: true },
    /** The address the link was sent to: the one it confirms. */
    email: { type: String, required: true },
    purpose: { type: String, enum: ['confirm', 'change'], required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export const EmailConfirmationModel = model('EmailConfirmation', emailConfirmationSchema);
