import { request } from "../lib/request";
import type { Me, Person } from "./types";

export function getMe(): Promise<Me> {
  return request<Me>({ path: "/v1/me" });
}

export function verifyRealName(body: { name: string; idNumber: string; faceToken: string }): Promise<{ person: Person }> {
  return request({ method: "POST", path: "/v1/me/real-name", data: body });
}
