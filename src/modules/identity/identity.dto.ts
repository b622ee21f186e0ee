import { z } from "@hono/zod-openapi";

const ProviderSchema = z.enum(["wechat", "alipay", "sandbox"]);
const InsuranceSchema = z.enum(["employee", "resident", "none"]);

export const LoginBody = z.object({ provider: ProviderSchema, code: z.string().min(1).max(256) }).openapi("LoginRequest");

const UserDto = z.object({ id: z.string(), realNameVerified: z.boolean() }).openapi("User");

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: UserDto }).openapi("Session");

const PersonDto = z
  .object({
    id: z.string(),
    maskedName: z.string(),
    maskedIdNumber: z.string(),
    gender: z.enum(["male", "female"]),
    birthDate: z.string().optional(),
    regionCode: z.string(),
    insurance: InsuranceSchema,
  })
  .openapi("Person");

export const RealNameBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().trim().min(1).max(32),
    faceToken: z.string().min(1).max(512),
  })
  .openapi("RealNameRequest");

export const RealNameResponse = z.object({ person: PersonDto }).openapi("RealNameResult");

const WalletSummaryDto = z
  .object({ id: z.string(), status: z.enum(["active", "frozen", "closed"]), regionCode: z.string() })
  .openapi("WalletSummary");

export const MeResponse = z
  .object({
    user: UserDto.extend({ language: z.enum(["zh-CN", "zh-TW", "en"]) }),
    person: PersonDto.nullable(),
    wallet: WalletSummaryDto.nullable(),
  })
  .openapi("Me");
