import { maskIdNumber, maskPhone } from "@/lib/mask";

/**
 * Reasons are free text kept in the audit log and shown to other staff. An agent may paste an ID
 * number or a phone a caller read out; those are masked before the text is stored anywhere.
 */
export function cleanReason(text: string): string {
  return text
    .trim()
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (m) => maskIdNumber(m))
    .replace(/(?<!\d)1\d{10}(?!\d)/g, (m) => maskPhone(m));
}
