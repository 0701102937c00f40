// Jobs queued under this name before certificates hung on award.issued (an upgrade with some still
// waiting in Redis): each renders its certificate as the reaction does. Remove once none are left.
import type { JobDefinition } from '../../platform/queue';
import { ensureCertificate } from './certificate.service';

export const renderCertificateJob: JobDefinition<{ publicId: string }> = {
  name: 'render-certificate',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 5000 },
  concurrency: 2,
  async perform({ publicId }, { services }) {
    await ensureCertificate(publicId, services.config.baseUrl);
  },
};
