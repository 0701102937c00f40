// HTML the views may print as it is. Every view prints with <%= %>, which escapes everything except
// a SafeHtml; so trusting HTML is a decision made in code, where the HTML is built (sanitised
// lesson markdown, our own SVG charts, the QR code), never in a template. A test fails on any <%-
// in an HTML view that is not an include.
import ejs from 'ejs';

export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
  /** JSON clients get the HTML as a plain string. */
  toJSON(): string {
    return this.html;
  }
}

/** Only for HTML produced by code that escapes or sanitises its every input. */
export function trustedHtml(html: string): SafeHtml {
  return new SafeHtml(html);
}

/** EJS's escape for <%= %>: SafeHtml as it is, anything else escaped. */
export function escapeForHtml(value: unknown): string {
  return value instanceof SafeHtml ? value.html : ejs.escapeXML(value as string);
}
