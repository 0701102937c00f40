// What an admin pastes to name an award: its credential id as printed on the certificate (a
// UUID), its badge link (/badges/assertions/<id>, /badges/credentials/<id>) or the signed
// assertion's `urn:uuid:<id>`. Anything else is not one of ours.
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const bareId = new RegExp(`^(?:urn:uuid:)?(${uuid})$`, 'i');
const ownLink = new RegExp(`/badges/(?:assertions|credentials)/(${uuid})(?:[/?#].*)?$`, 'i');

/** The award's public id named by `reference`, or null; a link must be on `baseUrl`'s origin. */
export function publicIdFromReference(reference: string, baseUrl: string): string | null {
  const text = reference.trim();
  if (text.length > 300) return null;
  const bare = bareId.exec(text);
  if (bare) return bare[1]!.toLowerCase();
  const link = ownLink.exec(text);
  if (!link || !isOn(text, baseUrl)) return null;
  return link[1]!.toLowerCase();
}

function isOn(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
