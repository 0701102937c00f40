import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// A system allowed to push registrations (the events system): its token is shown once when an
// admin creates it and only its SHA-256 is kept.
const integrationSchema = new Schema({
  name: { type: String, required: true, unique: true },
  tokenHash: { type: String, required: true, unique: true },
  createdBy: { type: Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  revokedAt: { type: Date },
  /**
   * Set by the admin who creates it: the events system confirms its registrants' emails itself,
   * so accounts it creates count as confirmed (badges can name that email). Otherwise they must
   * confirm like anyone who registers; a registration's own claim is never trusted.
   */
  emailsVerified: { type: Boolean, default: false },
});

export type Integration = InferSchemaType<typeof integrationSchema>;
export const IntegrationModel = model('Integration', integrationSchema);
