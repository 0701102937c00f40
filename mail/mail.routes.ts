// The dev outbox: lists mail written by the outbox transport (never mounted in production).
import { Router } from 'express';
import type { Config } from '../platform/config';
import { notFound } from '../platform/errors';
import { listOutbox, readOutboxEntry } from '../platform/mail-transport';

export function mailRoutes(config: Config): Router {
  const router = Router();
  router.get('/dev/outbox', async (_req, res) => {
    res.render('mail/outbox', { messages: await listOutbox(config.mail.outboxDir) });
  });
  router.get('/dev/outbox/:id', async (req, res) => {
    const message = await readOutboxEntry(config.mail.outboxDir, req.params.id);
    if (!message) throw notFound('message');
    res.render('mail/message', { message });
  });
  return router;
}
