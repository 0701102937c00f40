import { Schema, model } from 'mongoose';

// One row per status list index handed out, keyed by the index. The unique _id, not the counter,
// is what guarantees no two awards share an index: the counter only suggests the next one (and on
// the dev store, FerretDB, concurrent `$inc`s can return the same value; measured: 40 at once gave
// 5 distinct numbers).
const statusListSlotSchema = new Schema({
  _id: { type: Number, required: true },
  takenAt: { type: Date, required: true },
});

export const StatusListSlotModel = model('StatusListSlot', statusListSlotSchema);
