// The apps (wallets, other badge systems) a student allowed into their badges through the Open
// Badges API, and taking that access back: the grant goes, and every token of it with it.
import { notFound } from '../platform/errors';
import { MongooseOauthAdapter } from './oauth-adapter';
import { OauthRecordModel } from './oauth-record.model';
import { allObScopes, scopeName, type ObScope } from './ob-scopes';

interface GrantPayload {
  jti: string;
  accountId: string;
  clientId: string;
  iat?: number;
  resources?: Record<string, string>;
}

/** The student's live grants, read from the OAuth store. */
async function grantsOf(studentId: string): Promise<GrantPayload[]> {
  const grants = await OauthRecordModel.find({ kind: 'Grant', accountId: studentId })
    .select('payload expiresAt')
    .lean();
  return grants
    .filter((grant) => !grant.expiresAt || grant.expiresAt.getTime() > Date.now())
    .map((grant) => JSON.parse(grant.payload) as GrantPayload);
}

/** One entry per app (a wallet that connected several times is one app), newest first. */
export async function listConnectedApps(studentId: string) {
  const grants = await grantsOf(studentId);
  const clientIds = [...new Set(grants.map((grant) => grant.clientId))];
  const clients = await OauthRecordModel.find({
    _id: { $in: clientIds.map((id) => `Client:${id}`) },
  })
    .select('payload')
    .lean();
  const clientById = new Map(
    clients.map((client) => {
      const payload = JSON.parse(client.payload) as {
        client_id: string;
        client_name?: string;
        client_uri?: string;
      };
      return [payload.client_id, payload];
    }),
  );
  return clientIds
    .map((clientId) => {
      const own = grants.filter((grant) => grant.clientId === clientId);
      const scopes = own
        .flatMap((grant) => Object.values(grant.resources ?? {}))
        .flatMap((value) => value.split(' '))
        .filter((scope): scope is ObScope => allObScopes.includes(scope as ObScope));
      const client = clientById.get(clientId);
      const since = Math.min(...own.map((grant) => grant.iat ?? Infinity));
      return {
        clientId,
        name: client?.client_name ?? clientId,
        uri: client?.client_uri ?? null,
        since: Number.isFinite(since) ? new Date(since * 1000) : null,
        scopes: [...new Set(scopes)].map(scopeName),
      };
    })
    .sort((a, b) => (b.since?.getTime() ?? 0) - (a.since?.getTime() ?? 0));
}

/** Disconnects an app: every grant the student gave it goes, and every token of them at once. */
export async function revokeConnectedApp(studentId: string, clientId: string) {
  const grants = (await grantsOf(studentId)).filter((grant) => grant.clientId === clientId);
  if (!grants.length) throw notFound('page');
  const tokens = new MongooseOauthAdapter('AccessToken');
  const store = new MongooseOauthAdapter('Grant');
  for (const grant of grants) {
    await tokens.revokeByGrantId(grant.jti); // every kind of token carries its grant's id
    await store.destroy(grant.jti);
  }
}
