import { config } from "../config";
import { ApiError } from "./errors";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface RawResponse {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const parts: string[] = [];
  for (const k of Object.keys(query)) {
    const v = query[k];
    if (v === undefined || v === null || v === "") continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `${path}?${parts.join("&")}` : path;
}

/** wx.request as a promise that resolves for every HTTP status and rejects only when nothing came back. */
export function send(method: Method, path: string, data: unknown, header: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.apiBase}${path}`,
      method,
      data: data === undefined ? undefined : (data as WechatMiniprogram.IAnyObject),
      header,
      dataType: "json",
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: (res.header ?? {}) as Record<string, string> }),
      fail: () => reject(ApiError.network()),
    });
  });
}
