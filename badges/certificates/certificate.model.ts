import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// The PDF certificate of an award, stored in GridFS (bucket `certificates`). One per award by a
// unique index: the record is written only after the file is complete, so a crash mid-render
// leaves no certificate pointing at a partial file (the next run renders again).
const certificateSchema = new Schema({
  award: { type: Types.ObjectId, ref: 'Award', required: true, unique: true },
  fileId: { type: Types.ObjectId, required: true },
  size: { type: Number, required: true },
  sha256: { type: String, required: true },
  renderedAt: { type: Date, required: true },
});

export type Certificate = InferSchemaType<typeof certificateSchema>;
// Reports: certificates per month.
certificateSchema.index({ renderedAt: 1 });

export const CertificateModel = model('Certificate', certificateSchema);
