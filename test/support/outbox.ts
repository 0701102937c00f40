import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestCampus } from './test-campus';

export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  date: string;
}

/** The emails the campus delivered to this address (after its jobs ran), newest first. */
export async function emailsTo(campus: TestCampus, address: string): Promise<OutboxEmail[]> {
  await campus.drainJobs();
  const dir = campus.config.mail.outboxDir;
  const all = await Promise.all(
    (await readdir(dir))
      .filter((file) => file.endsWith('.json'))
      .map(async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as OutboxEmail),
  );
  return all.filter((email) => email.to === address).sort((a, b) => b.date.localeCompare(a.date));
}
