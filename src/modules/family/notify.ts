import type { DbOrTx } from "@/db/client";
import { findUserByPerson } from "@/modules/identity/identity.repo";
import type { createNotifier, NotificationInput } from "@/modules/notifications/notifications.service";
import { walletByPerson } from "@/modules/wallet/wallet.repo";

/**
 * Tells a person through whoever reads for them: the manager of their wallet (themself, or the
 * guardian who opened it), else their own login. Someone with neither (a minor without a wallet) is
 * not told.
 */
export async function notifyUserOf(
  db: DbOrTx,
  notifier: ReturnType<typeof createNotifier>,
  personId: string,
  n: Omit<NotificationInput, "userId">,
) {
  const wallet = await walletByPerson(db, personId);
  const userId = wallet?.managerUserId ?? (await findUserByPerson(db, personId))?.id;
  if (userId) await notifier.add(db, { userId, ...n });
}
