// What an admin pastes to name an award: its credential id as printed on the certificate (a
// UUID), its badge link (/badges/assertions/<id>, /badges/credentials/<id>) or the signed
// assertion's `urn:uuid:<id>`. Anything else is not one of ours.
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const bareId = new RegExp(`^(?:urn:uuid:)?(${uuid})$`, 'i');
const ownLink = new RegExp(`/badges/(?:assertions|credentials)/(${uuid})(?:[/?#].*)?$`, 'i');

/** The award's public id named by `reference`, or null. */
export function publicIdFromReference(reference: string): string | null {
  const text = reference.trim();
  if (text.length > 300) return null;
  const match = bareId.exec(text) ?? ownLink.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}
