import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, jsonBody, jsonResponse, problemResponses } from "@/lib/http";
import { LoginBody, LoginResponse, MeResponse, RealNameBody, RealNameResponse } from "./identity.dto";

export const createSession = createRoute({
  method: "post",
  path: "/v1/auth/sessions",
  tags: ["identity"],
  summary: "Log in with a super-app code (wx.login / my.getAuthCode) or the sandbox provider",
  request: { body: jsonBody(LoginBody) },
  responses: { 201: jsonResponse(LoginResponse, "A session token (about 2 h)"), ...problemResponses(400, 401, 404, 429, 503) },
});

export const realName = createRoute({
  method: "post",
  path: "/v1/me/real-name",
  tags: ["identity"],
  summary: "Real-name verification: name + ID number + face check, matched against the insurance registry",
  security: bearerSecurity,
  request: { body: jsonBody(RealNameBody) },
  responses: { 200: jsonResponse(RealNameResponse, "The verified person (masked)"), ...problemResponses(400, 401, 409, 422, 429, 503) },
});

export const me = createRoute({
  method: "get",
  path: "/v1/me",
  tags: ["identity"],
  summary: "The signed-in user, their person and wallet",
  security: bearerSecurity,
  responses: { 200: jsonResponse(MeResponse, "Who I am"), ...problemResponses(401) },
});
