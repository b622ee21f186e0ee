import { z } from "@hono/zod-openapi";
import { RELATIONS } from "./relatives.schema";

const RelationSchema = z.enum(RELATIONS);

export const InviteBody = z
  .object({ relation: RelationSchema, name: z.string().trim().min(1).max(50), idNumber: z.string().trim().min(1).max(32) })
  .openapi("InvitationRequest");

export const InvitationDto = z
  .object({
    id: z.string(),
    code: z.string(),
    status: z.enum(["pending", "accepted", "declined", "cancelled", "expired"]),
    relation: RelationSchema,
    inverseRelation: RelationSchema,
    inviter: z.object({ maskedName: z.string(), regionCode: z.string() }),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi("Invitation");

const RelativeDto = z.object({
  personId: z.string(),
  maskedName: z.string(),
  regionCode: z.string(),
  insurance: z.enum(["employee", "resident", "none"]),
});

export const BindingDto = z
  .object({
    bindingId: z.string(),
    relation: RelationSchema,
    relative: RelativeDto,
    status: z.enum(["active", "ended"]),
    since: z.string(),
  })
  .openapi("Binding");

export const RelativesList = z
  .object({
    items: z.array(
      z.object({
        bindingId: z.string(),
        relation: RelationSchema,
        relative: RelativeDto.extend({ birthYear: z.number().int() }),
        hasWallet: z.boolean(),
        walletStatus: z.enum(["active", "frozen", "closed"]).nullable(),
        managedByMe: z.boolean(),
        guardian: z.boolean(),
        since: z.string(),
      }),
    ),
  })
  .openapi("Relatives");

export const MinorBody = z
  .object({ relation: z.enum(["child", "grandchild"]), name: z.string().trim().min(1).max(50), idNumber: z.string().trim().min(1).max(32) })
  .openapi("MinorBindingRequest");

export const WardWalletBody = z
  .object({
    agreementVersion: z.string().min(1).max(32),
    commitmentVersion: z.string().min(1).max(32),
    faceToken: z.string().min(1).max(512),
    paymentPassword: z.string().regex(/^\d{6}$/),
  })
  .openapi("GuardianWalletRequest");

export const InsuranceEventBody = z
  .object({
    idNumber: z.string().trim().min(15).max(32),
    event: z.enum(["terminated", "moved"]),
    newRegionCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    reference: z.string().min(1).max(128),
  })
  .refine((b) => b.event !== "moved" || !!b.newRegionCode, { message: "newRegionCode is required when moved", path: ["newRegionCode"] })
  .openapi("InsuranceEvent");
