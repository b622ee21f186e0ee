import { config } from "../config";

// WeChat's face check for real-name users (a restricted API that not every account has).
interface FacialApi {
  startFacialRecognitionVerify?(opts: {
    name: string;
    idCardNumber: string;
    checkAliveType?: number;
    success(res: { verifyResult: string }): void;
    fail(err: { errMsg?: string }): void;
  }): void;
}

class FaceUnavailable extends Error {}

/**
 * A face token for this person, for the API to verify. A sandbox API takes `face-ok:<idNumber>`;
 * otherwise WeChat's face check runs and its verifyResult is the token.
 */
export function faceToken(name: string, idNumber: string): Promise<string> {
  if (config.sandboxFace) return Promise.resolve(`face-ok:${idNumber}`);
  const api = wx as unknown as FacialApi;
  if (typeof api.startFacialRecognitionVerify !== "function") return Promise.reject(new FaceUnavailable("no face API"));
  return new Promise((resolve, reject) => {
    api.startFacialRecognitionVerify!({
      name,
      idCardNumber: idNumber,
      checkAliveType: 2,
      success: (res) => resolve(res.verifyResult),
      fail: (err) => reject(new FaceUnavailable(err.errMsg ?? "face check failed")),
    });
  });
}
