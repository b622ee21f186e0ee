import { z } from "@hono/zod-openapi";
import { PinSchema } from "@/modules/wallet/wallet.dto";
import { PREMIUM_KINDS } from "./premiums.schema";

const Kind = z.enum(PREMIUM_KINDS);
/** "self", or the id of one of my active bindings. */
const Beneficiary = z.string().regex(/^(self|[0-9A-HJKMNP-TV-Z]{26})$/, "self or a bindingId");
const Year = z.coerce.number().int().min(2000).max(2100);

export const QuoteQuery = z.object({
  beneficiary: Beneficiary.default("self"),
  year: Year.optional(),
  kind: Kind.default("resident_medical"),
});

const ReceiptDto = z
  .object({ receiptNo: z.string(), paidAt: z.string(), amountFen: z.number().int(), payer: z.object({ maskedName: z.string() }) })
  .openapi("PremiumReceipt");

export const QuoteDto = z
  .object({
    kind: Kind,
    year: z.number().int(),
    regionCode: z.string(),
    amountFen: z.number().int(),
    window: z.object({ start: z.string(), end: z.string() }),
    open: z.boolean(),
    alreadyPaid: z.boolean(),
    beneficiary: z.object({ maskedName: z.string(), insurance: z.enum(["employee", "resident", "none"]) }),
    receipt: ReceiptDto.nullable(),
  })
  .openapi("PremiumQuote");

export const PaymentBody = z
  .object({ beneficiary: Beneficiary, year: Year, kind: Kind.default("resident_medical"), paymentPassword: PinSchema })
  .openapi("PremiumPaymentRequest");

export const PaymentDto = z
  .object({
    id: z.string(),
    receiptNo: z.string(),
    kind: Kind,
    year: z.number().int(),
    regionCode: z.string(),
    amountFen: z.number().int(),
    beneficiary: z.object({ maskedName: z.string() }),
    payer: z.object({ maskedName: z.string() }),
    paidFrom: z.object({ receivedFen: z.number().int(), ownFen: z.number().int() }),
    paidAt: z.string(),
  })
  .openapi("PremiumPayment");
