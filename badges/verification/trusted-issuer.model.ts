import { Schema, model, type InferSchemaType } from 'mongoose';

// Other issuers an admin has checked and lists as known to this campus: a badge naming one of
// these issuer ids counts as "known to this campus" only when it was signed by one of the listed
// keys, or every document and key it relied on was served from the listed origins.
const trustedIssuerSchema = new Schema(
  {
    /** The issuer id exactly as credentials name it (an https URL or a DID). */
    issuerId: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    /** Key ids: an OB 2.0 key URL, a Data Integrity verification method, or a VC-JWT kid. */
    keyIds: { type: [String], default: [] },
    /** https origins (scheme, host and port) its profiles, keys and hosted badges are served from. */
    origins: { type: [String], default: [] },
    addedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);

export type TrustedIssuer = InferSchemaType<typeof trustedIssuerSchema>;
export const TrustedIssuerModel = model('TrustedIssuer', trustedIssuerSchema);
