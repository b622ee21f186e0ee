import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { ClosureDto } from "@/modules/wallet/wallet.dto";

const tags = ["identity"];
const at = z.string().describe("ISO 8601 time");
const Balances = z.object({
  ownFen: z.number().int(),
  receivedFen: z.number().int(),
  heldFen: z.number().int(),
  totalFen: z.number().int(),
});

/** The export's shape (`format: yibao-wallet-export/1`); a new field may be added, none removed or renamed within a format. */
export const ExportDto = z
  .object({
    format: z.literal("yibao-wallet-export/1"),
    exportedAt: at,
    person: z
      .object({
        name: z.string(),
        idNumber: z.string(),
        maskedIdNumber: z.string(),
        phone: z.string().nullable(),
        gender: z.enum(["male", "female"]),
        birthDate: z.string(),
        regionCode: z.string(),
        regionName: z.string(),
        insurance: z.enum(["employee", "resident", "none"]),
      })
      .describe("My own personal data, unsealed (only ever for the person themself)"),
    account: z.object({
      userId: z.string(),
      provider: z.enum(["wechat", "alipay", "sandbox"]),
      language: z.enum(["zh-CN", "zh-TW", "en"]),
      createdAt: at,
      realNameAt: at.nullable(),
    }),
    wallet: z
      .object({
        id: z.string(),
        status: z.enum(["active", "frozen", "closed"]),
        regionCode: z.string(),
        usageRegionCode: z.string(),
        openedBy: z.enum(["self", "guardian"]),
        openedAt: at,
        closedAt: at.nullable(),
        agreementVersion: z.string(),
        balances: Balances,
        closure: ClosureDto.nullable(),
      })
      .nullable(),
    entries: z
      .array(
        z.object({
          id: z.string(),
          at,
          kind: z.string(),
          amountFen: z.number().int(),
          balanceKind: z.enum(["own", "received", "quota"]),
          balanceAfterFen: z.number().int().nullable(),
          counterparty: z.string().nullable(),
          reference: z.string().nullable(),
        }),
      )
      .describe("Every statement line of both sub-balances, newest first"),
    transfers: z.array(
      z.object({
        id: z.string(),
        receiptNo: z.string(),
        direction: z.enum(["in", "out"]),
        counterpartyMaskedName: z.string(),
        amountFen: z.number().int(),
        status: z.string(),
        memo: z.string().nullable(),
        createdAt: at,
        decidedAt: at.nullable(),
      }),
    ),
    settlements: z.array(
      z.object({
        id: z.string(),
        orderNo: z.string(),
        merchantName: z.string(),
        amountFen: z.number().int(),
        paidFrom: z.object({ ownFen: z.number().int(), receivedFen: z.number().int(), quotaFen: z.number().int() }),
        refundedFen: z.number().int(),
        status: z.string(),
        createdAt: at,
      }),
    ),
    premiums: z.array(
      z.object({
        receiptNo: z.string(),
        kind: z.string(),
        year: z.number().int(),
        regionCode: z.string(),
        amountFen: z.number().int(),
        role: z.enum(["payer", "beneficiary"]),
        createdAt: at,
      }),
    ),
    relatives: z.array(
      z.object({
        bindingId: z.string(),
        relation: z.string(),
        role: z.enum(["giver", "relative"]),
        otherMaskedName: z.string(),
        status: z.string(),
        createdAt: at,
        endedAt: at.nullable(),
      }),
    ),
    invitations: z.array(
      z.object({
        id: z.string(),
        relation: z.string(),
        role: z.enum(["inviter", "invitee"]),
        otherMaskedName: z.string(),
        status: z.string(),
        createdAt: at,
      }),
    ),
    quotas: z.array(
      z.object({
        id: z.string(),
        bindingId: z.string(),
        role: z.enum(["giver", "payer"]),
        year: z.number().int(),
        annualFen: z.number().int(),
        perPaymentFen: z.number().int().nullable(),
        usedFen: z.number().int(),
        status: z.string(),
      }),
    ),
    careAccess: z.array(z.object({ id: z.string(), bindingId: z.string(), role: z.enum(["holder", "carer"]), status: z.string() })),
    notifications: z.array(z.object({ kind: z.string(), title: z.string(), body: z.string(), createdAt: at, readAt: at.nullable() })),
    conversations: z.array(
      z.object({
        id: z.string(),
        flow: z.string(),
        status: z.string(),
        createdAt: at,
        messages: z.array(z.object({ role: z.enum(["bot", "user", "agent"]), text: z.string(), createdAt: at })),
      }),
    ),
  })
  .openapi("DataExport");

const DeletionDto = z
  .object({
    deletedAt: at,
    erased: z.array(z.string()).describe("What was erased at once"),
    kept: z
      .array(
        z.object({
          what: z.enum(["identity", "financial_records"]),
          detail: z.string(),
          detailEn: z.string(),
          law: z.string(),
          lawEn: z.string(),
          until: at,
        }),
      )
      .describe("What the law makes the wallet keep, why, and until when"),
  })
  .openapi("DataDeletion");

export const exportData = createRoute({
  method: "get",
  path: "/v1/me/export",
  tags,
  summary: "Everything the wallet holds about me, as JSON (PIPL Art. 45)",
  description:
    "My own personal data unsealed (name, ID number, phone), my wallet, every statement line, transfers, payments, premiums, relatives (masked), quotas, care access, inbox and conversations. Audited without the data.",
  security: bearerSecurity,
  responses: { 200: jsonResponse(ExportDto, "My data"), ...problemResponses(401, 422) },
});

export const deleteData = createRoute({
  method: "post",
  path: "/v1/me/deletion",
  tags,
  summary: "Delete my personal data (PIPL Art. 47), after closing the wallet",
  description: [
    "Needs a fresh face check. Refused with 422 `DELETION_BLOCKED` (`reasons`: `wallet_open`, `manages_wallets`, `returns_pending`,",
    "`active_bindings`, `pending_invitations`) while money or anything pending remains. Erased at once: phone, the look-up hashes,",
    "the link to the super-app login, the payment PIN, a guardian's commitment, conversations and the inbox. Kept, as the answer states:",
    "financial records with masked names (30 years) and the sealed name and ID number, unreachable by any look-up (10 years), then",
    "erased. The session ends: the login no longer names a person (422 `REAL_NAME_REQUIRED` afterwards). Audited without the data.",
  ].join("\n"),
  security: bearerSecurity,
  request: { body: jsonBody(z.object({ faceToken: z.string().min(1).max(512) })) },
  responses: { 200: jsonResponse(DeletionDto, "Deleted"), ...problemResponses(400, 401, 422, 503) },
});
