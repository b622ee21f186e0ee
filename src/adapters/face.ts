import { z } from "zod";
import { fetchJson } from "./http-json";
import { AdapterError, type FaceAdapter } from "./types";

/** Sandbox: `face-ok:<idNumber>` passes for that person; anything else fails. */
export const sandboxFace: FaceAdapter = {
  async verify(idNumber, token) {
    return token === `face-ok:${idNumber}`;
  },
};

const FaceResult = z.object({ passed: z.boolean(), idNumberMatches: z.boolean().optional() });

/** A face-verification provider: the client SDK yields a token the server checks against the ID number. */
export function httpFace(opts: { apiBase?: string; apiKey?: string; timeoutMs?: number }): FaceAdapter {
  return {
    async verify(idNumber, token) {
      if (!opts.apiBase) throw new AdapterError("face", "FACE_API_BASE not configured");
      const { status, body } = await fetchJson("face", `${opts.apiBase}/v1/verifications/${encodeURIComponent(token)}/check`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey ?? ""}` },
        body: JSON.stringify({ idNumber }),
        timeoutMs: opts.timeoutMs,
      });
      if (status === 404) return false;
      const parsed = FaceResult.safeParse(body);
      if (status !== 200 || !parsed.success) throw new AdapterError("face", `HTTP ${status}`);
      return parsed.data.passed && parsed.data.idNumberMatches !== false;
    },
  };
}
