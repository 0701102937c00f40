import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// The PDF certificate of an award, kept whole in its record (a few dozen KB; MongoDB's limit is
// 16 MB). One per award by a unique index, written in one insert: a crash mid-render leaves no
// record and no partial file, and the next run renders again. (GridFS wrote chunks first and the
// record after, so a crash in between left orphaned chunks.)
const certificateSchema = new Schema({
  award: { type: Types.ObjectId, ref: 'Award', required: true, unique: true },
  pdf: { type: Buffer, required: true },
  size: { type: Number, required: true },
  sha256: { type: String, required: true },
  renderedAt: { type: Date, required: true },
});

export type Certificate = InferSchemaType<typeof certificateSchema>;
// Reports: certificates per month.
certificateSchema.index({ renderedAt: 1 });

export const CertificateModel = model('Certificate', certificateSchema);
