import { jwtVerify, SignJWT } from "jose";

export type TokenKind = "user" | "agent";
export interface TokenClaims {
  sub: string;
  kind: TokenKind;
  role?: string;
  sid?: string;
}

const ISSUER = "yibao-wallet";

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Session tokens are signed with HS256 and use real time, never the sandbox clock. */
export async function issueToken(secret: string, claims: TokenClaims, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const nowSec = Math.floor(Date.now() / 1000);
  const exp = nowSec + ttlSeconds;
  const token = await new SignJWT({ kind: claims.kind, ...(claims.role ? { role: claims.role } : {}), ...(claims.sid ? { sid: claims.sid } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(claims.kind)
    .setIssuedAt(nowSec)
    .setExpirationTime(exp)
    .sign(keyOf(secret));
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Null for anything expired, forged, malformed or of another kind. */
export async function verifyToken(secret: string, token: string, kind: TokenKind): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, audience: kind, algorithms: ["HS256"] });
    if (payload.kind !== kind || typeof payload.sub !== "string") return null;
    return {
      sub: payload.sub,
      kind,
      role: typeof payload.role === "string" ? payload.role : undefined,
      sid: typeof payload.sid === "string" ? payload.sid : undefined,
    };
  } catch {
    return null;
  }
}
