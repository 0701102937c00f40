// The floors the HTTP benchmark compares against, in a process of their own (as the campus is):
// bare Express rendering the catalog page's own EJS template and layout from static data (no
// session, no database), and a bare node:http JSON reply. Prints their ports as one JSON line.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import ejs from 'ejs';
import express from 'express';
import { topicKeys } from '../courses/catalog/topics';
import { formattersFor, localeOf, translatorFor } from '../i18n';
import { supportedLanguages } from '../server/config';
import { viewsDir } from '../server/paths';
import { escapeForHtml } from '../server/safe-html';

const courses = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as unknown[];

const app = express();
app.engine('ejs', (file, data, callback) => {
  ejs.renderFile(
    file,
    data as ejs.Data,
    { root: viewsDir, cache: true, escape: escapeForHtml },
    callback,
  );
});
app.set('view engine', 'ejs');
app.set('views', viewsDir);
const t = translatorFor('en');
const fmt = formattersFor('en');
app.get('/courses', (req, res) => {
  Object.assign(res.locals, {
    t,
    fmt,
    lang: 'en',
    htmlLang: localeOf.en,
    currentUser: null,
    currentPath: req.path,
    currentUrl: req.originalUrl,
    selfRegistration: true,
    outboxEnabled: false,
    csrfToken: () => '',
    title: undefined,
    languages: supportedLanguages,
  });
  res.render('catalog/courses', { courses, filter: {}, topicKeys });
});

const body = JSON.stringify({ verdict: 'valid', checks: [{ check: 'proof', ok: true }] });
const json = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});

const page = app.listen(0, '127.0.0.1', () => {
  json.listen(0, '127.0.0.1', () => {
    console.log(
      JSON.stringify({
        page: (page.address() as AddressInfo).port,
        json: (json.address() as AddressInfo).port,
      }),
    );
  });
});
