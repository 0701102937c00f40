// oidc-provider's storage interface over MongoDB (oauth-record.model.ts). The library needs one:
// its default keeps everything in the memory of one process.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { OauthRecordModel } from './oauth-record.model';

export class MongooseOauthAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  private key(id: string) {
    return `${this.kind}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await OauthRecordModel.updateOne(
      { _id: this.key(id) },
      {
        // A fresh record (a rotated token keeps no consumed mark of an earlier one).
        $unset: { consumedAt: 1 },
        $set: {
          kind: this.kind,
          payload: JSON.stringify(payload),
          ...(expiresIn ? { expiresAt: new Date(Date.now() + expiresIn * 1000) } : {}),
          ...(payload.grantId ? { grantId: payload.grantId } : {}),
          ...(payload.accountId ? { accountId: payload.accountId } : {}),
          ...(payload.uid ? { uid: payload.uid } : {}),
        },
      },
      { upsert: true },
    );
  }

  private async findWhere(filter: Record<string, unknown>): Promise<AdapterPayload | undefined> {
    const record = await OauthRecordModel.findOne(filter).lean();
    if (!record) return undefined;
    if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return undefined;
    const payload = JSON.parse(record.payload) as AdapterPayload;
    return record.consumedAt ? { ...payload, consumed: record.consumedAt } : payload;
  }

  find(id: string) {
    return this.findWhere({ _id: this.key(id) });
  }

  findByUid(uid: string) {
    return this.findWhere({ kind: this.kind, uid });
  }

  findByUserCode(): Promise<AdapterPayload | undefined> {
    return Promise.resolve(undefined); // the device flow is not enabled
  }

  async consume(id: string): Promise<void> {
    await OauthRecordModel.updateOne(
      { _id: this.key(id) },
      { $set: { consumedAt: Math.floor(Date.now() / 1000) } },
    );
  }

  async destroy(id: string): Promise<void> {
    await OauthRecordModel.deleteOne({ _id: this.key(id) });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await OauthRecordModel.deleteMany({ grantId });
  }
}

/** Removes what has expired (see the model): run every hour by the worker. */
export async function sweepExpiredOauthRecords(): Promise<{ removed: number }> {
  const result = await OauthRecordModel.deleteMany({ expiresAt: { $lte: new Date() } });
  return { removed: result.deletedCount };
}
