// Accounts from before email confirmation existed: those that already hold an award count as
// confirmed (their email is already in a badge, and the badge email reached it); everyone else
// confirms before their next award, as a new account does. Run once per database. Badges asks
// accounts to mark them: accounts does not know awards exist.
import { markEmailsConfirmed } from '../../accounts';
import { AwardModel } from './award.model';

export async function confirmEmailsOfAwardHolders(): Promise<number> {
  const holders = await AwardModel.distinct('student');
  return markEmailsConfirmed(holders);
}
