import type { Ctx } from "@/ctx";
import { encryptText, randomSecret } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { apiKeys } from "./platform.schema";

/** Issues a signing key for a merchant or a region system; the secret is shown once and stored sealed. */
export async function issueApiKey(ctx: Ctx, kind: "merchant" | "region", ownerId: string): Promise<{ keyId: string; secret: string }> {
  const keyId = `${kind === "merchant" ? "mk" : "rk"}_${newId().toLowerCase()}`;
  const secret = randomSecret(32);
  await ctx.db.insert(apiKeys).values({ keyId, kind, ownerId, secretEnc: await encryptText(ctx.config.secrets.encryption, secret) });
  return { keyId, secret };
}
