import { request } from "../lib/request";
import type { Notice, NoticePage } from "./types";

export function listNotifications(q: { cursor?: string | null; limit?: number; unread?: boolean } = {}): Promise<NoticePage> {
  return request<NoticePage>({
    path: "/v1/notifications",
    query: { cursor: q.cursor, limit: q.limit ?? 20, unread: q.unread ? "true" : undefined },
    quiet: true,
  });
}

export function markRead(id: string): Promise<void> {
  return request<void>({ method: "POST", path: `/v1/notifications/${encodeURIComponent(id)}/read`, quiet: true });
}

export type { Notice };
