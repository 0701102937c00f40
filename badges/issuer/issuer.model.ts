import { Schema, model, type InferSchemaType } from 'mongoose';

// The campus as issuer of credentials: one document (key "campus"), edited by admins.
const issuerSchema = new Schema(
  {
    key: { type: String, required: true, unique: true, default: 'campus' },
    name: { type: String, required: true },
    url: { type: String, required: true },
    email: { type: String, required: true },
    description: { type: String, default: '' },
    /** An https image URL, or empty for the campus logo served from /public. */
    image: { type: String, default: '' },
    /** Who signs the certificates, and their handwritten signature (PNG). */
    signatoryName: { type: String, default: '' },
    signatoryTitle: { type: String, default: '' },
    signatureImage: { type: Buffer },
  },
  { timestamps: true },
);

export type Issuer = InferSchemaType<typeof issuerSchema>;
export const IssuerModel = model('Issuer', issuerSchema);
