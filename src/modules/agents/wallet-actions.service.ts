import type { AuthAgent } from "@/app-env";
import type { Ctx } from "@/ctx";
import { DomainError, errors } from "@/lib/problem";
import { recordAudit } from "@/modules/audit/audit.service";
import { createNotifier } from "@/modules/notifications/notifications.service";
import { setWalletStatus, walletById, type WalletRow } from "@/modules/wallet/wallet.repo";
import { cleanReason } from "./reason";

type Status = WalletRow["status"];

function statusConflict(status: Status) {
  return status === "closed"
    ? new DomainError("WALLET_CLOSED", 409, "钱包已注销", "The wallet is closed")
    : new DomainError(
        status === "frozen" ? "WALLET_ALREADY_FROZEN" : "WALLET_NOT_FROZEN",
        409,
        status === "frozen" ? "钱包已冻结" : "钱包未冻结",
        status === "frozen" ? "The wallet is already frozen" : "The wallet is not frozen",
      );
}

/**
 * A frozen wallet can still receive but cannot pay out; the paying modules check `status`. The
 * change is conditional on the current status, so two agents acting at once cannot both succeed.
 */
async function changeStatus(ctx: Ctx, agent: AuthAgent, walletId: string, from: Status, to: Status, rawReason: string) {
  const reason = cleanReason(rawReason);
  const notifier = createNotifier(ctx);
  await ctx.db.transaction(async (tx) => {
    const w = await walletById(tx, walletId);
    if (!w) throw errors.notFound("钱包", "wallet");
    if (w.status !== from) throw statusConflict(w.status);
    const changed = await setWalletStatus(tx, walletId, from, to, reason);
    if (changed.length === 0) throw statusConflict(to);
    await recordAudit(tx, ctx.clock.now(), {
      actorType: "agent",
      actorId: agent.agentId,
      action: to === "frozen" ? "wallet.freeze" : "wallet.unfreeze",
      subjectType: "wallet",
      subjectId: walletId,
      details: { reason, role: agent.role },
    });
    // The holder (or the guardian who manages the wallet) is told why, in the same transaction.
    await notifier.add(tx, {
      userId: w.managerUserId,
      kind: to === "frozen" ? "wallet.frozen" : "wallet.unfrozen",
      title: to === "frozen" ? "医保钱包已冻结" : "医保钱包已解除冻结",
      body:
        to === "frozen"
          ? `您的医保钱包已被客服冻结，原因：${reason}。冻结期间可以收款，暂不能付款或转出。如有疑问请联系客服。`
          : `您的医保钱包已解除冻结，原因：${reason}。现在可以正常使用。`,
      data: { walletId, reason },
    });
  });
  await notifier.flush();
  return { id: walletId, status: to };
}

export function freezeWallet(ctx: Ctx, agent: AuthAgent, walletId: string, reason: string) {
  return changeStatus(ctx, agent, walletId, "active", "frozen", reason);
}

export function unfreezeWallet(ctx: Ctx, agent: AuthAgent, walletId: string, reason: string) {
  return changeStatus(ctx, agent, walletId, "frozen", "active", reason);
}
