// Lesson Markdown → safe HTML, once, when an instructor saves. markdown-it parses (raw HTML off,
// so <script> stays text); sanitize-html then keeps only an allowlist of tags, attributes and URL
// schemes, so even a bug in either cannot put a script or a javascript: link in a student's page.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const allowedTags = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'blockquote', 'hr', 'br'],
  ...['ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'a', 'img'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
];

export function renderLessonMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title'],
      code: ['class'],
      th: ['style'],
      td: ['style'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
    allowedSchemes: ['https', 'http', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    },
  });
}
