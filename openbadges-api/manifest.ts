import type Provider from 'oidc-provider';
import { component } from '../platform/component';
import { recomputeJob } from '../platform/queue';
import { consentPages } from './consent.routes';
import { sweepExpiredOauthRecords } from './oauth-adapter';
import { createOauthProvider } from './oauth-provider';
import { OauthRecordModel } from './oauth-record.model';
import { obApiRoutes } from './ob-api.routes';
import { sweepExpiredWalletOffers } from './oid4vci.service';
import { oid4vciRoutes, walletOfferPages } from './oid4vci.routes';
import { WalletCredentialModel } from './wallet-credential.model';
import { WalletOfferModel, WalletOfferRedemptionModel } from './wallet-offer.model';

// Codes, tokens, interactions and wallet offers past their lifetime (no TTL index on the dev store).
export const sweepOauthRecordsJob = recomputeJob(
  'sweep-expired-oauth-records',
  60 * 60 * 1000,
  async () => {
    const [records, offers] = [await sweepExpiredOauthRecords(), await sweepExpiredWalletOffers()];
    return { removed: records.removed + offers.removed };
  },
  'expired OAuth records removed',
);

export const openBadgesApiComponent = component({
  name: 'openbadges-api',
  models: [OauthRecordModel, WalletCredentialModel, WalletOfferModel, WalletOfferRedemptionModel],
  jobs: [sweepOauthRecordsJob],
  web(context) {
    // One OAuth server per web process, made on first use (its key is read from the store).
    let provider: Promise<Provider> | null = null;
    const oauthProvider = () => {
      provider ??= createOauthProvider(context.config).catch((error: unknown) => {
        provider = null; // a store hiccup at start-up: the next request tries again
        throw error;
      });
      return provider;
    };
    return {
      beforeSessions: { routes: [obApiRoutes(context, oauthProvider), oid4vciRoutes(context)] },
      pages: [consentPages(context, oauthProvider), walletOfferPages(context)],
    };
  },
});
