// The only module that talks to a mail server or writes the dev outbox.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from './config';

export interface MailMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  date: string;
}

export interface MailTransport {
  deliver(message: MailMessage): Promise<void>;
}

export function createMailTransport(mail: Config['mail']): MailTransport {
  if (mail.transport === 'smtp') {
    const smtp = nodemailer.createTransport(mail.smtpUrl!);
    return {
      async deliver(message) {
        await smtp.sendMail(message);
      },
    };
  }
  // nodemailer still builds the real MIME message, so what lands in the outbox is what SMTP would send.
  const builder = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async deliver(message) {
      const built = await builder.sendMail(message);
      const entry: OutboxEntry = {
        id: message.id,
        to: message.to,
        subject: message.subject,
        text: message.text,
        date: new Date().toISOString(),
      };
      await mkdir(mail.outboxDir, { recursive: true });
      // Named by the email's id and renamed into place: a retry overwrites, a crash leaves no half file.
      await writeAtomically(
        path.join(mail.outboxDir, `${message.id}.eml`),
        built.message as Buffer,
      );
      await writeAtomically(
        path.join(mail.outboxDir, `${message.id}.json`),
        JSON.stringify(entry, null, 2),
      );
    },
  };
}

async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** Messages in the dev outbox, newest first. */
export async function listOutbox(outboxDir: string): Promise<OutboxEntry[]> {
  const files = await readdir(outboxDir).catch(() => [] as string[]);
  const entries = await Promise.all(
    files
      .filter((file) => file.endsWith('.json'))
      .map(
        async (file) =>
          JSON.parse(await readFile(path.join(outboxDir, file), 'utf8')) as OutboxEntry,
      ),
  );
  return entries.sort((a, b) => b.date.localeCompare(a.date));
}

export async function readOutboxEntry(outboxDir: string, id: string): Promise<OutboxEntry | null> {
  if (!/^[a-f0-9]{24}$/.test(id)) return null;
  const text = await readFile(path.join(outboxDir, `${id}.json`), 'utf8').catch(() => null);
  return text ? (JSON.parse(text) as OutboxEntry) : null;
}
