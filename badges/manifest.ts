import { component } from '../platform/component';
import { AchievementModel } from './achievements/achievement.model';
import { AwardModel } from './awards/award.model';
import { issueAwardJob } from './awards/issue-award.job';
import { issueHeldAwardsJob } from './awards/issue-held-awards.job';
import { issueMissingAwardsJob } from './awards/issue-missing-awards.job';
import { CertificateModel } from './certificates/certificate.model';
import { renderCertificateJob } from './certificates/render-certificate.job';
import { IssuerModel } from './issuer/issuer.model';
import { SigningKeyModel } from './keys/signing-key.model';
import { TrustedIssuerModel } from './verification/trusted-issuer.model';
import { VerificationEpochModel } from './verification/verification-epoch.model';

export const badgesComponent = component({
  name: 'badges',
  models: [
    SigningKeyModel,
    IssuerModel,
    AchievementModel,
    AwardModel,
    CertificateModel,
    TrustedIssuerModel,
    VerificationEpochModel,
  ],
  jobs: [issueAwardJob, renderCertificateJob, issueMissingAwardsJob, issueHeldAwardsJob],
});
