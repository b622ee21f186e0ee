import { login } from "./lib/session";

App({
  onLaunch() {
    // Log in early so the first page's requests do not wait for it; a failure here is retried
    // by the first request, which also shows the error.
    login().catch(() => undefined);
  },
});
