// Files of file modules, kept in MongoDB GridFS (bucket `moduleFiles`). The type is decided by the
// file's bytes (magic-bytes.js), never by the name or the browser's claim, and checked against an
// allowlist; text files, which have no magic bytes, must decode as UTF-8 without NULs.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { filetypeinfo } from 'magic-bytes.js';
import mongoose, { Types } from 'mongoose';
import { AppError, notFound } from '../../platform/errors';
import type { CourseModule } from '../catalog/course.model';
import { findEnrolledModule } from '../progress/progress.service';
import { loadEditableCourse, type Actor } from './course-access';

const bucket = () =>
  new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: 'moduleFiles' });

const binaryTypes: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  zip: 'application/zip',
};
const officeTypes: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
const textTypes: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  conf: 'text/plain',
  cfg: 'text/plain',
};

const unsupported = () =>
  new AppError('unsupported_file', 415, 'authoring:errors.fileType', {
    fields: { file: 'authoring:errors.fileType' },
  });

/** The content type to store and serve, or an error naming what is allowed. */
export function detectAllowedType(buffer: Buffer, filename: string): string {
  const extension = path.extname(filename).slice(1).toLowerCase();
  const detected = filetypeinfo(buffer).map((info) => info.typename);
  for (const typename of detected) {
    // Office documents are zip files: trust the extension only once the bytes say zip.
    if (typename === 'zip' && officeTypes[extension]) return officeTypes[extension];
    if (binaryTypes[typename]) return binaryTypes[typename];
  }
  if (!detected.length && textTypes[extension] && isPlainText(buffer)) return textTypes[extension];
  throw unsupported();
}

function isPlainText(buffer: Buffer): boolean {
  if (buffer.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/** A safe download name: no path, no control characters. */
function cleanFilename(filename: string): string {
  const base = [...path.basename(filename.replace(/\\/g, '/'))]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char !== '\u007f' && char !== '"')
    .join('');
  return base.slice(-120) || 'download';
}

export async function uploadModuleFile(
  actor: Actor,
  slug: string,
  moduleId: string,
  upload: { buffer: Buffer; originalname: string } | undefined,
): Promise<void> {
  if (!upload?.buffer.length)
    throw new AppError('validation_failed', 422, 'authoring:errors.chooseFile', {
      fields: { file: 'authoring:errors.chooseFile' },
    });
  const course = await loadEditableCourse(actor, slug);
  const module = Types.ObjectId.isValid(moduleId) ? course.draft.modules.id(moduleId) : null;
  if (!module || module.kind !== 'file') throw notFound('fileModule');
  const contentType = detectAllowedType(upload.buffer, upload.originalname);
  const filename = cleanFilename(upload.originalname);

  const stream = bucket().openUploadStream(filename, {
    metadata: { course: course._id, module: module._id, contentType, uploadedBy: actor.id },
  });
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', () => resolve());
    stream.once('error', reject);
    stream.end(upload.buffer);
  });
  // Older files stay: a published version may still point at them.
  module.set('file', {
    fileId: stream.id,
    filename,
    contentType,
    size: upload.buffer.length,
    description: module.file?.description ?? '',
  });
  course.hasUnpublishedChanges = true;
  await course.save();
}

export interface FileDownload {
  filename: string;
  contentType: string;
  size: number;
  stream: Readable;
}

function openDownload(module: CourseModule | undefined | null): FileDownload {
  const file = module?.kind === 'file' ? module.file : null;
  if (!file?.fileId) throw notFound('file');
  return {
    filename: file.filename ?? 'download',
    contentType: file.contentType ?? 'application/octet-stream',
    size: file.size ?? 0,
    stream: bucket().openDownloadStream(file.fileId),
  };
}

/** Enrolled students download the file of the published version. */
export async function openStudentDownload(
  studentId: string,
  slug: string,
  moduleId: string,
): Promise<FileDownload> {
  const { module } = await findEnrolledModule(studentId, slug, moduleId);
  return openDownload(module);
}

/** Instructors previewing their draft download its file. */
export async function openDraftDownload(
  actor: Actor,
  slug: string,
  moduleId: string,
): Promise<FileDownload> {
  const course = await loadEditableCourse(actor, slug);
  const module = Types.ObjectId.isValid(moduleId) ? course.draft.modules.id(moduleId) : null;
  return openDownload(module?.toObject() as CourseModule | undefined);
}
