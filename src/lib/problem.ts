import type { ErrorCode } from "./error-codes";

/** One error shape for the whole product: RFC 9457 problem+json with a stable code and two languages. */
export type ProblemExtras = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly detail: string,
    readonly detailEn: string,
    readonly extras: ProblemExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${detailEn}`);
    this.name = "DomainError";
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  detailEn: string;
  [extra: string]: unknown;
}

export function problemBody(code: ErrorCode, status: number, detail: string, detailEn: string, extras: ProblemExtras = {}): ProblemBody {
  // Extras first: they can never overwrite the fields every client relies on.
  return {
    ...extras,
    type: `https://yibao-wallet.example/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    detail,
    detailEn,
  };
}

export function toProblem(err: DomainError): ProblemBody {
  return problemBody(err.code, err.status, err.detail, err.detailEn, err.extras);
}

/** Shorthands for the errors every module raises. */
export const errors = {
  notFound: (what = "资源", whatEn = "resource") => new DomainError("NOT_FOUND", 404, `${what}不存在`, `The ${whatEn} was not found`),
  unauthenticated: () => new DomainError("UNAUTHENTICATED", 401, "请先登录", "Sign in first"),
  forbidden: (detail = "无权执行此操作", detailEn = "You may not do this") => new DomainError("FORBIDDEN", 403, detail, detailEn),
  validation: (errs: { path: string; message: string }[]) =>
    new DomainError("VALIDATION_FAILED", 400, "请求参数不正确", "The request is not valid", { errors: errs }),
  busy: (retryAfterSeconds = 1) =>
    new DomainError(
      "BUSY",
      503,
      "系统繁忙，请稍后再试，本次操作未生效",
      "The service is busy; nothing was applied, try again shortly",
      {},
      { "Retry-After": String(retryAfterSeconds) },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      "RATE_LIMITED",
      429,
      "操作过于频繁，请稍后再试",
      "Too many attempts; try again later",
      { retryAfter: retryAfterSeconds },
      { "Retry-After": String(retryAfterSeconds) },
    ),
};
