import type { TestApp } from "../../support/app";

/**
 * A minimal cookie-keeping client for the console pages over `app.request`: enough to drive forms
 * the way a browser would (same-origin Origin header, hidden CSRF field, 303 redirects).
 */
export class ConsoleClient {
  readonly jar = new Map<string, string>();
  csrf = "";
  constructor(
    private readonly t: TestApp,
    readonly origin = "http://localhost",
  ) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { origin: this.origin, ...headers };
    if (this.jar.size) h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      h["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await this.t.app.request(`${this.origin}${path}`, { method, headers: h, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, v] = pair!.split("=");
      if (/max-age=0/i.test(c) || v === "") this.jar.delete(k!);
      else this.jar.set(k!, v!);
    }
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]*)"/);
    if (m) this.csrf = m[1]!;
    return { status: res.status, text, location: res.headers.get("location"), headers: res.headers, cookies: res.headers.getSetCookie() };
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** Posts a form with the CSRF token of the last page seen. */
  post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    return this.request("POST", path, { _csrf: this.csrf, ...form }, headers);
  }

  async login(username: string, password = "Sandbox#2026") {
    await this.get("/console/login");
    return this.post(
      "/console/login",
      { username, password },
      { "x-real-ip": `10.5.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    );
  }
}
