// What reports read of certificates, streamed as plain values for the counter recount.
import { CertificateModel } from './certificate.model';

/** When each certificate was rendered, streamed. */
export function streamRenderedCertificates(): AsyncIterable<{ renderedAt: Date }> {
  return CertificateModel.find().select('renderedAt').lean().cursor() as AsyncIterable<{
    renderedAt: Date;
  }>;
}
