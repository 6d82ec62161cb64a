export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-0123456789";
export const TEST_APP_URL = "https://stageline.test";
export const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export function testEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "test",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: TEST_APP_URL,
    DATABASE_URL: databaseUrl,
    EMAIL_DISPATCHER: "off",
    EMAIL_FROM: "Stageline Test <orders@stageline.test>",
  };
}
