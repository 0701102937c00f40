import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { supportedLanguages, translationsSchema } from '../i18n';
import { roles, type Role } from '../platform/middleware/auth';

export { roles, type Role };

const userSchema = new Schema(
  {
    /** Normalized (trimmed, lower-case); the unique key of an account. */
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    /** How the campus addresses the person. */
    displayName: { type: String, required: true },
    /**
     * The display name's words, folded (no accents, lower case): admins find a person by any of
     * them ("fernandez" finds María Fernández) through the index below. Written with the name.
     */
    nameWords: { type: [String], default: [] },
    /** The name exactly as it should be printed on certificates. */
    certificateName: { type: String, required: true },
    language: { type: String, enum: supportedLanguages, required: true },
    /** The zone times are shown in (IANA); absent: the browser's, else UTC. */
    timeZone: { type: String },
    roles: { type: [String], enum: roles, default: ['student'] },
    /** Bumped when the password changes: sessions holding an older epoch are logged out. */
    sessionEpoch: { type: Number, default: 0 },
    lastLoginAt: { type: Date },
    /**
     * When the owner proved the email is theirs (its confirmation link, or an integration an admin
     * marked as confirming emails). Badges name only a confirmed email: awards wait until then.
     */
    emailConfirmedAt: { type: Date },
    /** Set by an admin: no login, and every session ends (the epoch is bumped with it). */
    disabledAt: { type: Date },
    /**
     * What students read about an instructor (the public /instructors page and each course page):
     * a one-line headline and a short biography in `language`, with translations, and a photo
     * (GridFS `instructorPhotos`, re-encoded on upload).
     */
    instructorProfile: {
      type: new Schema(
        {
          headline: { type: String, default: '' },
          bio: { type: String, default: '' },
          language: { type: String, enum: supportedLanguages },
          translations: { type: translationsSchema(['headline', 'bio']) },
          photo: { type: Schema.Types.ObjectId },
        },
        { _id: false },
      ),
    },
    /** TOTP (RFC 6238): the secret sealed at rest; `lastStep` refuses a code used twice. */
    twoFactor: {
      type: new Schema(
        {
          secret: { iv: String, tag: String, ciphertext: String },
          enabledAt: { type: Date },
          lastStep: { type: Number, default: 0 },
          /** SHA-256 of each single-use recovery code; a used one is removed. */
          recoveryCodeHashes: { type: [String], default: [] },
        },
        { _id: false },
      ),
    },
  },
  { timestamps: true },
);

// Reports: registrations per month.
userSchema.index({ createdAt: 1 });
// Finding people by a word of their name: an anchored prefix on this (multikey) index.
userSchema.index({ nameWords: 1 });

export type User = InferSchemaType<typeof userSchema>;
export type UserDocument = HydratedDocument<User>;
export const UserModel = model('User', userSchema);
