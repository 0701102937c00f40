import { Schema, model } from 'mongoose';

// How many status list indexes were handed out, one document raised by its _id: it says which
// list is being filled. The index itself is the award's once its slot is inserted
// (status-list-slot.model.ts).
const statusListCounterSchema = new Schema({
  _id: { type: String, required: true },
  next: { type: Number, required: true, default: 0 },
});

export const StatusListCounterModel = model('StatusListCounter', statusListCounterSchema);
