import { parseConfig, type Config } from "../../src/config";

/** Fixed secrets, so that data sealed in the snapshot opens in every test file. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    SANDBOX: "1",
    TOKEN_SECRET: "test-token-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: "test-encryption-key-0123456789abcdef012345",
    LOOKUP_HMAC_KEY: "test-lookup-key-0123456789abcdef0123456789",
    PASSWORD_PEPPER: "test-pepper-0123456789",
    PIN_KEY: "test-pin-key-0123456789abcdef0123456789abc",
    // The real work factor is exercised by its own test; the suite runs many logins.
    PASSWORD_HASH_ITERATIONS: "2000",
    LOG_LEVEL: "error",
    // Every test user logs in from the same (absent) address; the limit itself has its own test.
    RATE_LOGIN_PER_IP_PER_MINUTE: "100000",
    RATE_REALNAME_PER_IP_PER_10MIN: "100000",
    // Tests stand behind a pretend proxy: X-Real-IP names the caller (the spoofing test turns it off).
    TRUST_PROXY: "all",
    ...overrides,
  });
}
