import { createRoute, z } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses, signedSecurity } from "@/lib/http";
import {
  AgreementDto,
  ChangePasswordBody,
  ClosedWalletDto,
  ClosureDto,
  CreditBody,
  CreditResponse,
  EntriesQuery,
  EntriesResponse,
  OpenWalletBody,
  OpenWalletResponse,
  WalletDto,
} from "./wallet.dto";

const tags = ["wallet"];

export const agreement = createRoute({
  method: "get",
  path: "/v1/wallet/agreement",
  tags,
  summary: "The current wallet agreement to accept when opening",
  responses: { 200: jsonResponse(AgreementDto, "Agreement") },
});

export const openWallet = createRoute({
  method: "post",
  path: "/v1/wallet",
  tags,
  summary: "Open my wallet: agreement, usage region, phone, face check and a 6-digit payment PIN",
  security: bearerSecurity,
  request: { body: jsonBody(OpenWalletBody) },
  responses: { 201: jsonResponse(OpenWalletResponse, "Opened"), ...problemResponses(400, 401, 409, 422, 503) },
});

export const getWallet = createRoute({
  method: "get",
  path: "/v1/wallet",
  tags,
  summary: "My wallet and balances (own, received, held for pending transfers)",
  security: bearerSecurity,
  responses: { 200: jsonResponse(WalletDto, "Wallet"), ...problemResponses(401, 404, 422) },
});

export const entries = createRoute({
  method: "get",
  path: "/v1/wallet/entries",
  tags,
  summary: "My statement: signed amounts, newest first, by month, cursor pagination",
  security: bearerSecurity,
  request: { query: EntriesQuery },
  responses: { 200: jsonResponse(EntriesResponse, "Entries"), ...problemResponses(400, 401, 404, 422) },
});

export const changePassword = createRoute({
  method: "put",
  path: "/v1/wallet/password",
  tags,
  summary: "Change my payment PIN",
  security: bearerSecurity,
  request: { body: jsonBody(ChangePasswordBody) },
  responses: { 204: { description: "Changed" }, ...problemResponses(400, 401, 404, 422, 423) },
});

export const credit = createRoute({
  method: "post",
  path: "/v1/integration/personal-account-credits",
  tags: ["integration"],
  summary: "A region's insurance core credits a personal account (划入); idempotent by reference",
  security: signedSecurity,
  request: { body: jsonBody(CreditBody) },
  responses: {
    201: jsonResponse(CreditResponse, "Credited"),
    200: jsonResponse(CreditResponse, "Already credited (same reference)"),
    ...problemResponses(400, 401, 403, 409, 422),
  },
});

export const ledgerCheck = createRoute({
  method: "get",
  path: "/v1/admin/ledger/check",
  tags: ["admin"],
  summary: "Recompute every balance from its entries and prove the ledger sums to zero",
  security: bearerSecurity,
  responses: {
    200: jsonResponse(
      z.object({
        ok: z.boolean(),
        accounts: z.number().int(),
        transactions: z.number().int(),
        entries: z.number().int(),
        totalFen: z.number().int(),
        problems: z.array(z.object({ kind: z.string(), id: z.string(), detail: z.string() })),
      }),
      "Ledger check",
    ),
    ...problemResponses(401, 403),
  },
});

export const closeWallet = createRoute({
  method: "post",
  path: "/v1/wallet/close",
  tags,
  summary: "Close my wallet; what it holds goes back where it came from",
  description: [
    "Own funds go back to the personal account (个人账户) at the region's insurance core: a signed call, idempotent by the return's id,",
    "retried until the core confirms (`closure.personalAccount.status` is `pending` until then). Received funds go back to the people",
    "who sent them, oldest accepted transfer first, to the sender's own funds as far as they came from them and to their received funds",
    "otherwise; a sender whose wallet is closed gets them on their personal account. One transaction on the wallet's side; closing",
    "happens once (a second call answers 422 `WALLET_NOT_ACTIVE`; `GET /v1/wallet/closure` shows the outcome).",
    "",
    "Refused with 422 `WALLET_CLOSE_BLOCKED` (`reasons`: `pending_transfers`, `pending_reversals`, `open_settlements` — a medical",
    "payment of the last 30 days may still be refunded), 422 `WALLET_NOT_ACTIVE` (closed, or `frozen: true`), 422",
    "`RECEIVED_FUNDS_UNTRACED` (received funds that no accepted transfer accounts for: customer service closes it), 503 `BUSY`",
    "(nothing applied; retry).",
  ].join("\n"),
  security: bearerSecurity,
  request: { body: jsonBody(z.object({ paymentPassword: z.string().regex(/^\d{6}$/) })) },
  responses: { 200: jsonResponse(ClosedWalletDto, "Closed"), ...problemResponses(400, 401, 404, 422, 423, 503) },
});

export const closure = createRoute({
  method: "get",
  path: "/v1/wallet/closure",
  tags,
  summary: "Where my closed wallet's money went (404 while the wallet is open)",
  security: bearerSecurity,
  responses: { 200: jsonResponse(ClosureDto, "Closure"), ...problemResponses(401, 404, 422) },
});

export const usageRegion = createRoute({
  method: "put",
  path: "/v1/wallet/usage-region",
  tags,
  summary: "Change the usage location (使用地)",
  security: bearerSecurity,
  request: { body: jsonBody(z.object({ usageRegionCode: z.string().regex(/^\d{6}$/) })) },
  responses: { 200: jsonResponse(WalletDto, "Changed"), ...problemResponses(400, 401, 404, 422) },
});

export const regionsList = createRoute({
  method: "get",
  path: "/v1/regions",
  tags,
  summary: "The pooling regions (统筹区) by province and name, for choosing the usage location (使用地)",
  description: "Public. Each item's code is what PUT /v1/wallet/usage-region takes; show name or fullName, never the code.",
  responses: {
    200: jsonResponse(
      z
        .object({
          items: z.array(z.object({ code: z.string(), name: z.string(), provinceName: z.string(), fullName: z.string() })),
        })
        .openapi("Regions"),
      "Regions",
    ),
    ...problemResponses(),
  },
});
