import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Architecture rules (SPEC §2): the domain is pure, routes stay adapters.
const IO_MODULES = [
  {
    group: ["@prisma/*", "@stageline/*", "prisma", "better-sqlite3", "pg"],
    message: "app/domain is pure: no database access.",
  },
  {
    group: ["@remix-run/*", "react", "react-dom"],
    message: "app/domain is pure: no Remix or React.",
  },
  { group: ["@shopify/*"], message: "app/domain is pure: no Shopify client." },
  {
    group: ["*.server", "*.server.*", "~/models/*", "~/services/*", "~/shopify/*", "~/db.server"],
    message: "app/domain is pure: no server modules.",
  },
  {
    group: ["node:*", "fs", "path", "http", "https", "net", "child_process"],
    message: "app/domain is pure: no Node I/O.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      ".cache/**",
      ".tools/**",
      "public/build/**",
      "extensions/**/assets/*.min.js",
      "tests/artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: IO_MODULES }],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "app/domain is pure: no network." },
        { name: "process", message: "app/domain is pure: configuration is an argument." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "app/domain takes time as an argument.",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "app/domain takes time as an argument.",
        },
      ],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "@stageline/*", "prisma", "~/db.server", "~/models/*"],
              message: "Routes call services; only models touch the database.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "*.config.{js,ts}", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
);
