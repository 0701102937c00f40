import { Schema, model } from 'mongoose';

// The next Bitstring status list index to try, one document raised by its _id. A suggestion: the
// index is the award's once its slot is inserted (status-list-slot.model.ts).
const statusListCounterSchema = new Schema({
  _id: { type: String, required: true },
  next: { type: Number, required: true, default: 0 },
});

export const StatusListCounterModel = model('StatusListCounter', statusListCounterSchema);
