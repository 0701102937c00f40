// An award issued: its PDF certificate is rendered and stored, once (ensureCertificate keeps the
// first; a download before this runs renders it itself).
import { reaction } from '../../platform/event-bus';
import { AwardModel } from '../awards/award.model';
import { ensureCertificate } from './certificate.service';

export const certificateSubscriptions = [
  reaction(
    'award.issued',
    'render-certificate',
    async ({ awardId }, { services }) => {
      const award = await AwardModel.findById(awardId).select('publicId').lean();
      if (award) await ensureCertificate(award.publicId, services.config.baseUrl);
    },
    {
      options: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: 5000,
      },
      concurrency: 2,
    },
  ),
];
