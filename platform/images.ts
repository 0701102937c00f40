// Pictures people upload (course images, instructor photos). The only module that imports sharp:
// an upload is never served as sent. Its type is decided by its bytes (PNG, JPEG or WebP only:
// no SVG, which could carry script), it is decoded with a pixel limit (a small file can claim a
// huge canvas), turned upright, cropped to the shape its page shows and re-encoded as WebP,
// which drops every byte that was not pixels (EXIF location, comments, polyglot tails).
import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { filetypeinfo } from 'magic-bytes.js';
import mongoose, { Types } from 'mongoose';
import sharp from 'sharp';
import type { Message } from '../i18n';
import { AppError } from './errors';

const acceptedTypes = new Set(['png', 'jpg', 'webp']);
/** 40 megapixels: any camera photo, not a decompression bomb. */
const maxInputPixels = 40_000_000;
const maxEnlargement = 8;

export interface ImageSize {
  width: number;
  height: number;
}

const refused = (key: Message) =>
  new AppError('validation_failed', 422, key, { fields: { file: key } });

/**
 * Each requested size of the uploaded picture as WebP, cropped to fill it (centred on what
 * libvips finds most interesting). An empty, unknown or undecodable file is refused naming `file`.
 */
export async function resizeUploadedImage<Name extends string>(
  upload: { buffer: Buffer } | undefined,
  sizes: Record<Name, ImageSize>,
): Promise<Record<Name, Buffer>> {
  if (!upload?.buffer.length) throw refused('errors:image.choose');
  const detected = filetypeinfo(upload.buffer).map((info) => info.typename);
  if (!detected.some((type) => acceptedTypes.has(type))) throw refused('errors:image.type');
  try {
    const source = sharp(upload.buffer, { limitInputPixels: maxInputPixels, failOn: 'error' });
    const metadata = await source.metadata();
    if (!metadata.format || !['png', 'jpeg', 'webp'].includes(metadata.format))
      throw refused('errors:image.type');
    // A few hundred bytes can describe a 12500 × 1 strip that would be enlarged into gigapixels:
    // refuse anything that needs more than 8× enlargement (it would look blurred anyway).
    // Measured upright (a phone's portrait photo is stored sideways with an EXIF turn).
    const { width = 1, height = 1 } = metadata.autoOrient ?? metadata;
    const enlargement = Math.max(
      ...Object.values<ImageSize>(sizes).map((size) =>
        Math.max(size.width / (width || 1), size.height / (height || 1)),
      ),
    );
    if (enlargement > maxEnlargement) throw refused('errors:image.tooSmall');
    const entries = await Promise.all(
      (Object.entries(sizes) as [Name, ImageSize][]).map(async ([name, size]) => {
        const output = await source
          .clone()
          .rotate()
          .resize(size.width, size.height, { fit: 'cover', position: sharp.strategy.attention })
          .webp({ quality: 80 })
          .timeout({ seconds: 10 })
          .toBuffer();
        return [name, output] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<Name, Buffer>;
  } catch (error) {
    if (error instanceof AppError) throw error;
    // libvips' own words ("Input image exceeds pixel limit", "VipsJpeg: premature end") are not
    // for the person uploading: the file is simply not a picture we can use.
    throw refused('errors:image.unreadable');
  }
}

const bucket = (name: string) =>
  new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: name });

/** Stores one prepared picture in a GridFS bucket; returns its id. */
export async function storeImage(
  bucketName: string,
  image: Buffer,
  metadata: Record<string, unknown>,
): Promise<Types.ObjectId> {
  const stream = bucket(bucketName).openUploadStream('image.webp', {
    metadata: { ...metadata, contentType: 'image/webp' },
  });
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', () => resolve());
    stream.once('error', reject);
    stream.end(image);
  });
  return stream.id;
}

/** The ids of a bucket's pictures stored before this date (candidates for a sweep). */
export async function listStoredImagesBefore(
  bucketName: string,
  before: Date,
): Promise<Types.ObjectId[]> {
  const files = await bucket(bucketName)
    .find({ uploadDate: { $lt: before } }, { projection: { _id: 1 } })
    .toArray();
  return files.map((file) => file._id);
}

/** Deletes a stored picture no longer shown (a replaced or removed photo is personal data). */
export async function deleteStoredImage(bucketName: string, id: Types.ObjectId): Promise<void> {
  try {
    await bucket(bucketName).delete(id);
  } catch (error) {
    // Already gone (a retried request): nothing left to delete.
    if (!(error instanceof mongoose.mongo.MongoRuntimeError)) throw error;
  }
}

export interface StoredImage {
  size: number;
  stream: Readable;
}

/** A stored picture by id, or null when it is not there. */
export async function openStoredImage(
  bucketName: string,
  id: Types.ObjectId,
): Promise<StoredImage | null> {
  const [file] = await bucket(bucketName).find({ _id: id }).limit(1).toArray();
  if (!file) return null;
  return { size: file.length, stream: bucket(bucketName).openDownloadStream(id) };
}

/** Sends a stored picture; `cacheControl` says who may keep it (public pages or a staff preview). */
export function sendStoredImage(res: Response, image: StoredImage, cacheControl: string): void {
  res.type('image/webp');
  res.setHeader('Content-Length', String(image.size));
  res.setHeader('Cache-Control', cacheControl);
  image.stream.once('error', (error) => res.destroy(error));
  image.stream.pipe(res);
}
