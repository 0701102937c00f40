import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// A system allowed to push registrations (the events system): its token is shown once when an
// admin creates it and only its SHA-256 is kept.
const integrationSchema = new Schema({
  name: { type: String, required: true, unique: true },
  tokenHash: { type: String, required: true, unique: true },
  createdBy: { type: Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  revokedAt: { type: Date },
});

export type Integration = InferSchemaType<typeof integrationSchema>;
export const IntegrationModel = model('Integration', integrationSchema);
