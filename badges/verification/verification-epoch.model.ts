import { Schema, model } from 'mongoose';

// One document, read by its _id (the one lookup every store indexes): a number that every change
// able to alter a verification answer raises. Cached answers are filed under the number they were
// made at, so raising it retires all of them in every web process.
const verificationEpochSchema = new Schema({
  _id: { type: String, required: true },
  value: { type: Number, required: true, default: 0 },
});

export const VerificationEpochModel = model('VerificationEpoch', verificationEpochSchema);
