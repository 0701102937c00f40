import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// A student registered with the webinar system for one live session: the registrant id it gave
// identifies them in its attendance report (whatever name or device they join with).
const sessionRegistrantSchema = new Schema({
  session: { type: Types.ObjectId, required: true },
  student: { type: Types.ObjectId, ref: 'User', required: true },
  registrantId: { type: String, required: true },
  joinUrl: { type: String },
  registeredAt: { type: Date, required: true },
});
sessionRegistrantSchema.index({ session: 1, student: 1 }, { unique: true });
sessionRegistrantSchema.index({ session: 1, registrantId: 1 }, { unique: true });

export type SessionRegistrant = InferSchemaType<typeof sessionRegistrantSchema>;
export const SessionRegistrantModel = model('SessionRegistrant', sessionRegistrantSchema);
