import { qrMatrix } from "./matrix";
import { base64, gridToPng } from "./png";

export { qrMatrix };

/** A data: URL of the QR code for `text`, for an <image src>. */
export function qrDataUrl(text: string, scale = 6): string {
  return `data:image/png;base64,${base64(gridToPng(qrMatrix(text), scale))}`;
}
