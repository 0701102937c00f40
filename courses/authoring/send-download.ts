import type { Response } from 'express';
import type { FileDownload } from './module-files';

/** Streams a stored file as an attachment: never rendered inline, so an upload cannot act as a page. */
export function sendDownload(res: Response, download: FileDownload): void {
  res.attachment(download.filename);
  res.type(download.contentType);
  res.setHeader('Content-Length', String(download.size));
  res.setHeader('Cache-Control', 'private, max-age=3600');
  download.stream.once('error', (error) => res.destroy(error));
  download.stream.pipe(res);
}
