import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// One registration of the events system, by its own id: the student it became, the course and
// edition, and a hash of what it said last, so a re-sent registration changes nothing. The
// student stays the same when the events system later sends another email for the person.
const registrationSchema = new Schema({
  integration: { type: Types.ObjectId, ref: 'Integration', required: true },
  externalId: { type: String, required: true },
  /** Whom it enrolled; none for a cancellation of a registration never confirmed here. */
  student: { type: Types.ObjectId, ref: 'User' },
  course: { type: Types.ObjectId, ref: 'Course', required: true },
  edition: { type: String },
  status: { type: String, enum: ['confirmed', 'cancelled'], required: true },
  payloadHash: { type: String, required: true },
  receivedAt: { type: Date, required: true },
});
registrationSchema.index({ integration: 1, externalId: 1 }, { unique: true });

export type Registration = InferSchemaType<typeof registrationSchema>;
export const RegistrationModel = model('Registration', registrationSchema);
