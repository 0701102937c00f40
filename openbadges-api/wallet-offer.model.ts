import { Schema, model, Types, type InferSchemaType } from 'mongoose';

// An OpenID4VCI credential offer a holder made on their badge page for a phone wallet: the
// pre-authorized code that lets the wallet fetch that one credential, once, for a few minutes.
// The wallet reads the offer at its own URL (`offerId`), trades the code for an access token
// (once: see the redemption below) and fetches the credential.
const walletOfferSchema = new Schema({
  /** In the offer's URL (`credential_offer_uri`): whoever scans the QR code reads it. */
  offerId: { type: String, required: true },
  preAuthorizedCode: { type: String, required: true },
  student: { type: Types.ObjectId, ref: 'User', required: true },
  /** The award's publicId: the one credential this offer hands out. */
  award: { type: String, required: true },
  createdAt: { type: Date, required: true },
  /** Past it, the code no longer buys a token (a token bought before keeps its own lifetime). */
  expiresAt: { type: Date, required: true },
  /** Set after the redemption below was recorded: the offer's URL then answers 404. */
  redeemedAt: { type: Date },
  /** When a wallet last took the credential (a wallet may ask again with the same token). */
  deliveredAt: { type: Date },
  /** How many times it was handed out (capped: each is a signing). */
  deliveries: { type: Number, default: 0 },
});
walletOfferSchema.index({ offerId: 1 }, { unique: true });
walletOfferSchema.index({ preAuthorizedCode: 1 }, { unique: true });
walletOfferSchema.index({ expiresAt: 1 });

export type WalletOffer = InferSchemaType<typeof walletOfferSchema>;
export const WalletOfferModel = model('WalletOffer', walletOfferSchema);

// A code's trade for a token, one per offer by a unique index: of wallets racing with one code,
// one insert wins. (An update guarded by `redeemedAt` is not enough: the dev store's
// findAndModify reads, then writes, and two racers both read an unredeemed offer.)
const walletOfferRedemptionSchema = new Schema({
  offerId: { type: String, required: true },
  redeemedAt: { type: Date, required: true },
  /** The offer's: swept with it. */
  expiresAt: { type: Date, required: true },
});
walletOfferRedemptionSchema.index({ offerId: 1 }, { unique: true });
walletOfferRedemptionSchema.index({ expiresAt: 1 });

export const WalletOfferRedemptionModel = model(
  'WalletOfferRedemption',
  walletOfferRedemptionSchema,
);
