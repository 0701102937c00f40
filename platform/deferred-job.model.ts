import { Schema, model } from 'mongoose';

// A job Redis could not take when it was enqueued (Redis down or not answering in time). It waits
// here, in MongoDB, until the worker moves it into its bull queue (JobQueues.relayDeferred): an
// enqueue during a Redis outage is delayed, never dropped. `jobId` is the bull job id the job
// would have had, so a late add that did reach Redis and the relayed copy are one job.
const deferredJobSchema = new Schema({
  jobId: { type: String, required: true, unique: true },
  queue: { type: String, required: true },
  data: { type: Schema.Types.Mixed, required: true },
  /** bull's job options (attempts, backoff, removeOnComplete), without jobId and delay. */
  options: { type: Schema.Types.Mixed, required: true },
  /** When the job was meant to run (now, or later for a delayed retry). */
  runAt: { type: Date, required: true },
  deferredAt: { type: Date, required: true },
  reason: { type: String, default: '' },
});
deferredJobSchema.index({ deferredAt: 1 });

export const DeferredJobModel = model('DeferredJob', deferredJobSchema);
