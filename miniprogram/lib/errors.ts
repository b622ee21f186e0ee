import { ERROR_CODES, type ErrorCode } from "../services/api.gen";
import { t, type Lang } from "./i18n";
import { toTraditional } from "./zh-tw";

/** A failed API call: the problem+json body when there was one, or NETWORK when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's code; NETWORK when nothing came back; HTTP_<status> for a body without a known code. */
    readonly code: ErrorCode | "NETWORK" | `HTTP_${number}`,
    readonly detail: string | null,
    readonly detailEn: string | null,
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}`);
    this.name = "ApiError";
  }

  static network(): ApiError {
    return new ApiError(0, "NETWORK", null, null);
  }

  static fromResponse(statusCode: number, data: unknown): ApiError {
    const body = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
    const str = (v: unknown) => (typeof v === "string" && v ? v : null);
    const code = str(body.code);
    return new ApiError(statusCode, code && isErrorCode(code) ? code : `HTTP_${statusCode}`, str(body.detail), str(body.detailEn), body);
  }
}

const KNOWN_CODES: readonly string[] = ERROR_CODES;

function isErrorCode(s: string): s is ErrorCode {
  return KNOWN_CODES.includes(s);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** What the user reads: the server's own sentence in their language, or a plain fallback. */
export function friendlyMessage(err: unknown, lang: Lang): string {
  if (!isApiError(err)) return t("common", "errorGeneric", lang);
  if (err.code === "NETWORK") return t("common", "errorNetwork", lang);
  if (lang === "en" && err.detailEn) return err.detailEn;
  if (lang !== "en" && err.detail) return lang === "zh-TW" ? toTraditional(err.detail) : err.detail;
  if (err.status >= 500) return t("common", "errorServer", lang);
  return t("common", "errorGeneric", lang);
}

/** A refusal the server decided before anything was asked (e.g. GET /v1/transfers/options), in the user's language. */
export function reasonText(reason: { detail: string; detailEn: string } | null | undefined, lang: Lang): string {
  if (!reason) return "";
  if (lang === "en") return reason.detailEn;
  return lang === "zh-TW" ? toTraditional(reason.detail) : reason.detail;
}
