// Accounts the demo seed (and fixtures) need: made once, left alone after.
import type { Language } from '../i18n';
import type { Role } from '../platform/middleware/auth';
import { createUser } from './accounts.service';
import { UserModel } from './user.model';

/**
 * The account with this email, or a new one. An existing account keeps its password and
 * profile. Seeded addresses are nobody's inbox: they are marked confirmed, so badges can be issued.
 */
export async function ensureAccount(seed: {
  email: string;
  displayName: string;
  language: Language;
  roles: Role[];
  password: string;
}): Promise<{ id: string }> {
  const existing = await UserModel.findOne({ email: seed.email }).select('_id').lean();
  if (existing) return { id: String(existing._id) };
  const created = await createUser({ ...seed, emailConfirmed: true });
  return { id: String(created._id) };
}
