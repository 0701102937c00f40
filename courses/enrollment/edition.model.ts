import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// An edition is a dated run of a course with an optional capacity.
const editionSchema = new Schema(
  {
    course: { type: Types.ObjectId, ref: 'Course', required: true },
    slug: { type: String, required: true },
    title: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    /** 0: no limit. */
    capacity: { type: Number, required: true, min: 0, default: 0 },
  },
  { timestamps: true },
);
editionSchema.index({ course: 1, slug: 1 }, { unique: true });
editionSchema.index({ course: 1, endsAt: 1 });

export type Edition = InferSchemaType<typeof editionSchema>;
export const EditionModel = model('Edition', editionSchema);

// Seats of a limited edition are numbered 1..capacity, one document each, unique per (edition,
// number) and per (edition, student). Taking a seat is an insert, so the database refuses a
// capacity + 1st seat or a student's second one, whatever the race. (A conditional $inc on a
// counter is atomic on MongoDB but not on FerretDB, measured: 4 of 10 racers got 3 seats.)
const editionSeatSchema = new Schema({
  edition: { type: Types.ObjectId, ref: 'Edition', required: true },
  number: { type: Number, required: true, min: 1 },
  student: { type: Types.ObjectId, ref: 'User', required: true },
  takenAt: { type: Date, required: true },
});
editionSeatSchema.index({ edition: 1, number: 1 }, { unique: true });
editionSeatSchema.index({ edition: 1, student: 1 }, { unique: true });

export const EditionSeatModel = model('EditionSeat', editionSeatSchema);
