import { Schema, model, Types, type InferSchemaType } from 'mongoose';
import { topicKeys } from '../../courses';
import { translationsSchema } from '../../i18n';

// What can be earned: one achievement per level and one per specialization. `target` is the
// completion key it answers (level:<specialization>:<level> or specialization:<id>) and is
// unique, so a level can never have two badges and issuance finds its achievement by key.
const achievementSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    target: { type: String, required: true, unique: true },
    scope: { type: String, enum: ['level', 'specialization'], required: true },
    specialization: { type: Types.ObjectId, ref: 'Specialization', required: true },
    level: { type: String },
    name: { type: String, required: true },
    description: { type: String, required: true },
    /** How it is earned, in words; the courses are listed next to it from the level. */
    criteriaNarrative: { type: String, required: true },
    /**
     * The texts in other languages, for the campus's pages and certificates. Signed credentials
     * carry the texts above (the issuer's language), so one credential reads the same everywhere.
     */
    translations: { type: translationsSchema(['name', 'description', 'criteriaNarrative']) },
    tags: { type: [String], default: [] },
    /** Topics it aligns to (IPv6, RPKI, ...). */
    alignment: { type: [String], enum: topicKeys, default: [] },
    /** Hex colour of the generated badge image. */
    color: { type: String, default: '#1f7a4d' },
    /** An uploaded image (PNG or checked SVG); none: the generated one in `color`. */
    image: {
      type: new Schema(
        { contentType: { type: String, required: true }, data: { type: Buffer, required: true } },
        { _id: false },
      ),
    },
    /** Months an award stays valid; none: it does not expire. */
    validForMonths: { type: Number, min: 1, max: 240 },
    /**
     * How a holder renews an expiring award: the refresher courses to complete after the award was
     * issued, from `opensDaysBefore` its expiry on. None: holders cannot renew it themselves.
     */
    renewal: {
      type: new Schema(
        {
          courses: [{ type: Types.ObjectId, ref: 'Course' }],
          opensDaysBefore: { type: Number, min: 1, max: 365, default: 90 },
        },
        { _id: false },
      ),
    },
  },
  { timestamps: true },
);

export type Achievement = InferSchemaType<typeof achievementSchema>;
export const AchievementModel = model('Achievement', achievementSchema);
