import { config } from "../config";
import { ApiError } from "./errors";
import { send } from "./transport";

// The session token lives in memory only: it is short-lived, and wx.login gets a new one for the
// same WeChat user whenever the app starts again.
let token: string | null = null;
let inFlight: Promise<string> | null = null;

const DEVICE_KEY = "sandboxDeviceId";

function wxLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(ApiError.network())),
      fail: () => reject(ApiError.network()),
    });
  });
}

// A sandbox API takes any stable string as the user: one per device keeps the same user across launches.
function sandboxCode(): string {
  let id = wx.getStorageSync(DEVICE_KEY) as string;
  if (!id) {
    id = `mp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    wx.setStorageSync(DEVICE_KEY, id);
  }
  return id;
}

async function doLogin(): Promise<string> {
  const provider = config.loginProvider;
  const code = provider === "sandbox" ? sandboxCode() : await wxLoginCode();
  const res = await send("POST", "/v1/auth/sessions", { provider, code }, { "content-type": "application/json" });
  if (res.statusCode !== 201) throw ApiError.fromResponse(res.statusCode, res.data);
  const body = res.data as { token?: string };
  if (!body.token) throw ApiError.fromResponse(res.statusCode, res.data);
  token = body.token;
  return token;
}

/** Logs in (once, however many requests ask at the same moment). */
export function login(): Promise<string> {
  if (!inFlight) {
    inFlight = doLogin().then(
      (tok) => {
        inFlight = null;
        return tok;
      },
      (e: unknown) => {
        inFlight = null;
        throw e;
      },
    );
  }
  return inFlight;
}

export async function ensureToken(): Promise<string> {
  return token ?? login();
}

/** Forget the token: the server no longer accepts it. */
export function clearSession(): void {
  token = null;
}
