import { Schema, model } from 'mongoose';

// One document per email the campus means to send. The unique dedupeKey ("welcome:<userId>")
// makes a repeated request or a retried job send one email, not two.
const outboundEmailSchema = new Schema(
  {
    dedupeKey: { type: String, required: true, unique: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: true },
    /** Sensitive mail (reset links) has its body blanked once delivered. */
    sensitive: { type: Boolean, default: false },
    sentAt: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export const OutboundEmailModel = model('OutboundEmail', outboundEmailSchema);
