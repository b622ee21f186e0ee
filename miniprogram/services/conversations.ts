import { request } from "../lib/request";
import type { Conversation } from "./types";

/** `language` makes the server write its messages and prompts in the user's language. */
export function startConversation(body: { flow?: string; text?: string; language?: string }): Promise<Conversation> {
  return request<Conversation>({ method: "POST", path: "/v1/conversations", data: body });
}

export function reply(
  id: string,
  stepId: string,
  value: unknown,
): Promise<Pick<Conversation, "messages" | "prompt"> & Partial<Conversation>> {
  return request({ method: "POST", path: `/v1/conversations/${encodeURIComponent(id)}/replies`, data: { stepId, value } });
}

export function getConversation(id: string): Promise<Conversation> {
  return request<Conversation>({ path: `/v1/conversations/${encodeURIComponent(id)}`, quiet: true });
}
