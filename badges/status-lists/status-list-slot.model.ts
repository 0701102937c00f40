import { Schema, model } from 'mongoose';

// One row per status list index handed out, keyed by the index: the unique _id is what guarantees
// no two awards share one, whatever the races (indexes are random picks; and on the dev store,
// FerretDB, concurrent `$inc`s can return the same value: 40 at once gave 5 distinct numbers).
const statusListSlotSchema = new Schema({
  _id: { type: Number, required: true },
  takenAt: { type: Date, required: true },
});

export const StatusListSlotModel = model('StatusListSlot', statusListSlotSchema);
