// What reports read of awards, streamed as plain values for the counter recount.
import type { Types } from 'mongoose';
import { AwardModel } from './award.model';

/** Every award ever issued (its achievement and date), streamed. */
export function streamIssuedAwards(): AsyncIterable<{
  achievement: Types.ObjectId;
  issuedOn: Date;
}> {
  return AwardModel.find().select('achievement issuedOn').lean().cursor() as AsyncIterable<{
    achievement: Types.ObjectId;
    issuedOn: Date;
  }>;
}
