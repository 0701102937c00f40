import { component } from '../platform/component';
import { achievementsAdminApi } from './achievements/achievements.api';
import { adminBadgePages } from './achievements/admin-badges.routes';
import { adminAwardsApi } from './awards/admin-awards.api';
import { adminAwardPages } from './awards/admin-awards.routes';
import { badgeImageRoutes, hostedBadgeRoutes } from './awards/hosted-badges.routes';
import { awardImportApi, awardImportPages } from './awards/award-imports.routes';
import { renewalApi, renewalPages } from './awards/renewal.routes';
import { walletApi, walletPages } from './awards/wallet.routes';
import { issuerAdminApi, wellKnownRoutes } from './keys/keys.routes';
import { statusListRoutes } from './status-lists/status-lists.routes';
import { trustedIssuerPages } from './verification/trusted-issuers.routes';
import { verifyApi, verifyPages, verifyRateLimits } from './verification/verify.routes';
import { AchievementModel } from './achievements/achievement.model';
import { AwardGrantModel } from './awards/award-grant.model';
import { AwardImportModel } from './awards/award-import.model';
import { awardImportJob } from './awards/award-import.job';
import { AwardModel } from './awards/award.model';
import { awardSubscriptions } from './awards/award.subscriptions';
import { confirmEmailsOfAwardHolders } from './awards/confirm-award-holders.migration';
import { moveAwardsToCurrentSlot } from './awards/current-slot.migration';
import { expiryRemindersJob } from './awards/expiry-reminders.job';
import { issueAwardJob } from './awards/issue-award.job';
import { issueHeldAwardsJob } from './awards/issue-held-awards.job';
import { issueMissingAwardsJob } from './awards/issue-missing-awards.job';
import { CertificateModel } from './certificates/certificate.model';
import { certificateSubscriptions } from './certificates/certificate.subscriptions';
import { renderCertificateJob } from './certificates/render-certificate.job';
import { IssuerModel } from './issuer/issuer.model';
import { SigningKeyModel } from './keys/signing-key.model';
import { StatusListCounterModel } from './status-lists/status-list-counter.model';
import { StatusListSlotModel } from './status-lists/status-list-slot.model';
import {
  flagRevokedAndSuspendedAwards,
  indexAwardsWithoutStatus,
} from './status-lists/status-list.service';
import { TrustedIssuerModel } from './verification/trusted-issuer.model';
import { VerificationEpochModel } from './verification/verification-epoch.model';
import { verificationSubscriptions } from './verification/verification.subscriptions';

export const badgesComponent = component({
  name: 'badges',
  models: [
    SigningKeyModel,
    IssuerModel,
    AchievementModel,
    AwardModel,
    AwardGrantModel,
    AwardImportModel,
    CertificateModel,
    TrustedIssuerModel,
    VerificationEpochModel,
    StatusListCounterModel,
    StatusListSlotModel,
  ],
  // issue-award, render-certificate and issue-held-awards only drain jobs queued before they
  // became reactions.
  jobs: [
    issueAwardJob,
    renderCertificateJob,
    issueMissingAwardsJob,
    issueHeldAwardsJob,
    expiryRemindersJob,
    awardImportJob,
  ],
  subscriptions: [...awardSubscriptions, ...certificateSubscriptions, ...verificationSubscriptions],
  migrations: [
    // Accounts from before email confirmation that hold a badge keep receiving theirs (the name
    // it had in accounts' manifest, so a database that ran it does not run it again).
    { name: 'email-confirmed-award-holders', run: confirmEmailsOfAwardHolders },
    // Awards from before the Bitstring status lists get their index (their credentials then
    // name the list; copies issued earlier keep the 1EdTech list, which is still served).
    { name: 'status-list-indexes', run: indexAwardsWithoutStatus },
    // One current award per (student, achievement) instead of one forever: renewals can follow.
    { name: 'awards-current-slot', run: moveAwardsToCurrentSlot },
    // Status lists are built from the bits kept on each award: those revoked or suspended
    // before get theirs.
    { name: 'award-status-list-numbers', run: flagRevokedAndSuspendedAwards },
  ],
  web(context) {
    // One budget of verifications for the page and the API alike.
    const verifyLimits = verifyRateLimits(context);
    return {
      beforeSessions: { routes: [wellKnownRoutes(), badgeImageRoutes()] },
      pages: [
        hostedBadgeRoutes(context.config),
        statusListRoutes(context.config),
        walletPages(context.config),
        renewalPages(context),
        verifyPages(context, verifyLimits),
        adminBadgePages(context),
        adminAwardPages(context),
        awardImportPages(context),
        trustedIssuerPages(context),
      ],
      api: [
        issuerAdminApi(context),
        achievementsAdminApi(context),
        adminAwardsApi(context),
        awardImportApi(context),
        walletApi(context.config),
        renewalApi(context),
        verifyApi(context, verifyLimits),
      ],
    };
  },
});
