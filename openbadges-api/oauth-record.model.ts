import { Schema, model, type InferSchemaType } from 'mongoose';

// What the OAuth server (oidc-provider) keeps: registered clients, grants, codes, tokens and
// interaction state, one row each, keyed `<model>:<id>`. Expired rows are read as absent and
// swept by a job (FerretDB has no TTL indexes; on MongoDB the sweep finds little).
const oauthRecordSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, required: true },
    /**
     * The library's record, as JSON text: its keys include URLs (a grant's resource indicators),
     * which a stored document may not use as field names.
     */
    payload: { type: String, required: true },
    /** Set when a code or token is used (oidc-provider's `consume`). */
    consumedAt: { type: Number },
    expiresAt: { type: Date },
    /** Tokens and codes of one grant are revoked together. */
    grantId: { type: String },
    /** A grant's student: their connected apps on the profile page. */
    accountId: { type: String },
    /** Interactions are found by their uid. */
    uid: { type: String },
  },
  { versionKey: false, minimize: false },
);
oauthRecordSchema.index({ grantId: 1 });
oauthRecordSchema.index({ uid: 1 });
oauthRecordSchema.index({ kind: 1, accountId: 1 });
oauthRecordSchema.index({ expiresAt: 1 });

export type OauthRecord = InferSchemaType<typeof oauthRecordSchema>;
export const OauthRecordModel = model('OauthRecord', oauthRecordSchema, 'oauth_records');
