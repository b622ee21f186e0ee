import type { ErrorCode } from "@/lib/error-codes";
import { problemBody } from "@/lib/problem";
import { IDEMPOTENT_ROUTES } from "@/modules/platform/middleware";

/**
 * The finishing touches of the OpenAPI document, applied to what the routes declare: tags in the
 * order a user meets them, the headers of signed and idempotent routes, the answers every route
 * can give (a body too large, the service busy…), and an example for every request and response.
 */

/** Tags in the order a user meets them; agents' and operators' last. */
export const TAG_ORDER: { name: string; description: string }[] = [
  {
    name: "identity",
    description:
      "Super-app login (sandbox: any stable `code`), JWT sessions, real-name check. Send `Authorization: Bearer <token>` on user routes.",
  },
  { name: "wallet", description: "Open a wallet on the personal account (个人账户), balances, entries, payment PIN." },
  {
    name: "relatives",
    description: "Bind close relatives (近亲属): invitations with 7-day codes, minors bound directly by a parent, guardian-opened wallets.",
  },
  {
    name: "transfers",
    description:
      "Send money to a bound relative: held at once, credited on accept, returned on decline or at 06:00 Beijing the next day. `Idempotency-Key` required.",
  },
  { name: "family payments", description: "Pay for a bound relative from my wallet." },
  {
    name: "settlement",
    description:
      "One-time 60-second e-codes for hospitals and pharmacies; merchants' signed settlements, refunds and statements (see docs/SIGNING.md).",
  },
  {
    name: "premiums",
    description:
      "Resident and long-term-care premiums (居民医保个人缴费), one per person per year. `beneficiary` is `self` or the `bindingId` of one of my active bindings, and the person paid for must have a wallet. `Idempotency-Key` required.",
  },
  { name: "conversation", description: "Guided, chat-style flows with Chinese free-text understanding (“给我妈转两百”)." },
  { name: "notifications", description: "My notifications." },
  { name: "rules", description: "The product rules a client shows (limits, quiet hours, policies)." },
  { name: "integration", description: "Region insurance cores: signed calls (docs/SIGNING.md)." },
  { name: "agents", description: "The customer-service console's API: agents, supervisors, auditors." },
  { name: "admin", description: "Operators: ledger check, clearing." },
  {
    name: "sandbox",
    description: "Sandbox mode only: fictitious persons and relations, merchant and region keys, the business clock, scheduled jobs.",
  },
  { name: "system", description: "Health." },
];

type Json = Record<string, any>;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const PROBLEM = { $ref: "#/components/schemas/Problem" };

/** Statuses any route may answer: the request's shape is checked before the route runs. */
function commonResponses(op: Json, method: string): number[] {
  const out = [503]; // BUSY: a lock timeout, a lost connection (nothing applied)
  const hasInput = op.requestBody || (op.parameters ?? []).length > 0;
  if (hasInput) out.push(400);
  // The body-size limit runs before routing on every method that may carry a body (src/app.ts).
  if (method !== "get") out.push(413);
  if (op.requestBody) out.push(415);
  if (op.security?.length) out.push(401);
  return out;
}

/** One real code per problem status, from the closed set of codes (lib/error-codes.ts). */
const PROBLEM_EXAMPLES: Record<number, [ErrorCode, string, string]> = {
  400: ["VALIDATION_FAILED", "请求参数不正确", "The request is not valid"],
  401: ["UNAUTHENTICATED", "请先登录", "Sign in first"],
  403: ["FORBIDDEN", "无权执行此操作", "Not allowed"],
  404: ["NOT_FOUND", "未找到", "Not found"],
  409: ["REQUEST_IN_PROGRESS", "相同的请求正在处理，请稍后重试", "The same request is being processed; try again shortly"],
  413: ["PAYLOAD_TOO_LARGE", "请求内容过大", "The request body is too large"],
  415: ["UNSUPPORTED_MEDIA_TYPE", "请求内容类型须为 application/json", "The body must be application/json"],
  422: ["INSUFFICIENT_FUNDS", "余额不足", "Insufficient funds"],
  423: ["PASSWORD_LOCKED", "支付密码已锁定，请稍后再试", "The payment PIN is locked; try again later"],
  429: ["RATE_LIMITED", "请求过于频繁，请稍后再试", "Too many requests; try again later"],
  503: ["BUSY", "系统繁忙，请稍后再试，本次操作未生效", "The service is busy; nothing was applied, try again shortly"],
};

/** What each problem status means here, in place of the routes' bare "Problem (N)". */
const STATUS_MEANING: Record<number, string> = {
  400: "The request is not valid (VALIDATION_FAILED, with `errors: [{path, message}]`; IDEMPOTENCY_KEY_REQUIRED)",
  401: "Not signed in, the session expired (UNAUTHENTICATED), or a signed call's signature is refused (SIGNATURE_INVALID, with `reason`)",
  403: "Signed in, but not allowed (FORBIDDEN, a role or ownership check)",
  404: "No such resource, or not one of mine",
  409: "Conflicts with the current state (already decided, already used, REPLAYED_NONCE, REQUEST_IN_PROGRESS)",
  410: "No longer valid (expired code or invitation)",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE: the body must be application/json",
  422: "A business rule refuses it: e.g. WALLET_FROZEN (the wallet is frozen), PASSWORD_WRONG, limits, quiet hours, IDEMPOTENCY_KEY_REUSED",
  423: "PASSWORD_LOCKED / ACCOUNT_LOCKED: too many wrong PINs or passwords; locked for a while (a frozen wallet is 422 WALLET_FROZEN)",
  429: "RATE_LIMITED, with Retry-After",
  503: "BUSY: nothing was applied; retry after Retry-After",
};

const SIGNED_HEADERS = [
  { name: "X-Key-Id", example: "mk_01kb2x6d9q8w7e5r4t3y2u1i0o", description: "The key id issued to the merchant or region system." },
  { name: "X-Timestamp", example: "1795500000", description: "Unix time in whole seconds, within ±300 s of the server's clock." },
  { name: "X-Nonce", example: "3f2c9a1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f", description: "1–128 characters, single use per key." },
  {
    name: "X-Signature",
    example: "76475fcdcb224acf4e7ed9a8970f4698bc0ad6ec08f3978daca8307610494acf",
    description:
      "Lower-case hex HMAC-SHA-256 of METHOD\\nPATH (no query)\\nTIMESTAMP\\nNONCE\\nsha256hex(body), keyed with the secret's UTF-8 bytes (docs/SIGNING.md).",
  },
];

export function finishDocument(doc: Json): Json {
  const schemas: Json = doc.components?.schemas ?? {};
  const used = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const t of op.tags ?? []) used.add(t);
      op.operationId ??= operationId(method, path);
      op.parameters ??= [];
      const signed = (op.security ?? []).some((s: Json) => "signature" in s);
      if (signed) {
        for (const h of SIGNED_HEADERS) {
          if (!op.parameters.some((p: Json) => p.in === "header" && p.name.toLowerCase() === h.name.toLowerCase())) {
            op.parameters.push({
              in: "header",
              name: h.name,
              required: true,
              description: h.description,
              schema: { type: "string" },
              example: h.example,
            });
          }
        }
        op.parameters.push({
          in: "header",
          name: "X-Content-SHA256",
          required: false,
          description:
            "Optional: the hex SHA-256 of the signed body; on a mismatch the answer then tells a changed body (`reason: body-hash`) from a wrong signature.",
          schema: { type: "string" },
        });
      }
      if (IDEMPOTENT_ROUTES.some((r) => r.method === method && r.path === path)) {
        op.parameters = op.parameters.filter((p: Json) => !(p.in === "header" && p.name.toLowerCase() === "idempotency-key"));
        op.parameters.unshift({
          in: "header",
          name: "Idempotency-Key",
          required: true,
          description:
            "Required. 1–128 printable ASCII characters, chosen by the client for one user action and reused on every retry of it; the first result is kept 7 days and replayed (with `Idempotent-Replayed: true`). Without it: 400 IDEMPOTENCY_KEY_REQUIRED; the same key with another body: 422 IDEMPOTENCY_KEY_REUSED.",
          schema: { type: "string", minLength: 1, maxLength: 128, pattern: "^[\\x21-\\x7e]{1,128}$" },
          example: "transfer-7f3a9c2e-0b1d-4c5e-8f6a-2d4b6c8e0a1f",
        });
        for (const [status, r] of Object.entries<Json>(op.responses ?? {})) {
          if (status.startsWith("2"))
            r.headers = {
              ...r.headers,
              "Idempotent-Replayed": {
                description: "`true` when this is the stored first result of the same Idempotency-Key",
                schema: { type: "string", enum: ["true"] },
              },
            };
        }
      }
      if (op.parameters.length === 0) delete op.parameters;
      for (const p of op.parameters ?? []) if (p.example === undefined && p.schema) p.example = sample(p.schema, schemas, p.name);
      for (const s of commonResponses(op, method)) {
        op.responses[s] ??= { description: `Problem (${s})`, content: { "application/problem+json": { schema: PROBLEM } } };
      }
      for (const [status, r] of Object.entries<Json>(op.responses)) {
        if (/^Problem \(\d+\)$/.test(r.description ?? "") && STATUS_MEANING[Number(status)]) r.description = STATUS_MEANING[Number(status)];
      }
      // Examples: the request body and every answer.
      for (const media of Object.values<Json>(op.requestBody?.content ?? {})) media.example ??= sample(media.schema, schemas);
      for (const [status, r] of Object.entries<Json>(op.responses ?? {})) {
        for (const [type, media] of Object.entries<Json>(r.content ?? {})) {
          if (media.example !== undefined) continue;
          if (type === "application/problem+json") {
            const [code, detail, detailEn] = PROBLEM_EXAMPLES[Number(status)] ?? [
              "INTERNAL",
              "请求未能完成",
              "The request could not be completed",
            ];
            media.example = problemBody(code, Number(status), detail, detailEn);
          } else if (media.schema) {
            media.example = sample(media.schema, schemas);
          }
        }
      }
      // Responses in status order.
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  doc.tags = [
    ...TAG_ORDER.filter((t) => used.has(t.name)),
    ...[...used].filter((t) => !TAG_ORDER.some((o) => o.name === t)).map((name) => ({ name })),
  ];
  return doc;
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, "")
    .split(/[/{}-]+/)
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** A plausible value for a JSON schema: its own example, a default, an enum's first value, or one by type and name. */
function sample(schema: Json | undefined, schemas: Json, name = "", depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.$ref) return sample(schemas[String(schema.$ref).split("/").pop()!], schemas, name, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  for (const k of ["oneOf", "anyOf"] as const) {
    if (schema[k]?.length) return sample(schema[k].find((s: Json) => s.type !== "null") ?? schema[k][0], schemas, name, depth + 1);
  }
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s: Json) => sample(s, schemas, name, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      for (const [k, v] of Object.entries<Json>(schema.properties ?? {})) out[k] = sample(v, schemas, k, depth + 1);
      return out;
    }
    case "array":
      return [sample(schema.items, schemas, name, depth + 1)];
    case "integer":
    case "number":
      return numberFor(name, schema);
    case "boolean":
      return false;
    case "string":
      return stringFor(name, schema);
    default:
      return null;
  }
}

function numberFor(name: string, schema: Json): number {
  const n = name.toLowerCase();
  let v = n.endsWith("fen") ? 20000 : n === "year" ? 2026 : n.includes("limit") ? 20 : n.includes("seconds") ? 60 : 1;
  if (typeof schema.minimum === "number" && v < schema.minimum) v = schema.minimum;
  if (typeof schema.maximum === "number" && v > schema.maximum) v = schema.maximum;
  return v;
}

const NAMED: [RegExp, string][] = [
  [/^(createdAt|updatedAt|expiresAt|at|.*At)$/, "2026-11-24T10:00:00+08:00"],
  [/date$/i, "2026-11-24"],
  [/^idNumber$|IdNumber$/, "320505198803151234"],
  [/phone/i, "13912340107"],
  [/^maskedName$/, "张*"],
  [/^maskedPhone$/, "139****0107"],
  [/^maskedIdNumber$/, "3205**********1234"],
  [/^name$/, "张伟"],
  [/regionCode$/i, "320500"],
  [/(password|pin)$/i, "258036"],
  [/^token$/, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMUtCMlg2RDlROFc3RTVSNFQzWTJVMUkwTyJ9.c2lnbmF0dXJl"],
  [/^code$/, "sandbox-user-1"],
  [/^faceToken$/, "face-ok:320505198803151234"],
  [/^agreementVersion$/, "2024.12"],
  [/^reason$/, "用户来电核实身份"],
  [/^beneficiary$/, "self"],
  [/^(id|.*Id)$/, "01KB2X6D9Q8W7E5R4T3Y2U1I0O"],
];

function stringFor(name: string, schema: Json): string {
  if (schema.format === "date-time") return "2026-11-24T10:00:00+08:00";
  if (schema.format === "date") return "2026-11-24";
  if (schema.format === "uri" || schema.format === "url") return "https://example.com/";
  for (const [re, v] of NAMED) if (re.test(name)) return v;
  if (schema.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return "2026-11-24";
  return name ? `${name}` : "string";
}
