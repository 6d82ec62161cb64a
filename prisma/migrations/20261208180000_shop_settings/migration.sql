-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "accountEmail" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "primaryDomain" TEXT,
    "currencyCode" TEXT,
    "identityUpdatedAt" DATETIME,
    "writeBackMetafield" BOOLEAN NOT NULL DEFAULT false,
    "writeBackTag" BOOLEAN NOT NULL DEFAULT false,
    "writeBackCursor" INTEGER NOT NULL DEFAULT 0,
    "writeBackAttempts" INTEGER NOT NULL DEFAULT 0,
    "writeBackRetryAt" DATETIME,
    "writeBackError" TEXT,
    "writeBackDefinedAt" DATETIME,
    "installedAt" DATETIME,
    "uninstalledAt" DATETIME,
    "emailCoalesceSeconds" INTEGER,
    "ianaTimezone" TEXT,
    "senderName" TEXT,
    "replyTo" TEXT,
    "workingDays" TEXT NOT NULL DEFAULT '1,2,3,4,5',
    "timeZone" TEXT,
    "digestEnabled" BOOLEAN NOT NULL DEFAULT false,
    "digestRecipient" TEXT,
    "retentionDays" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("accountEmail", "createdAt", "currencyCode", "email", "emailCoalesceSeconds", "ianaTimezone", "identityUpdatedAt", "installedAt", "locale", "name", "primaryDomain", "shop", "uninstalledAt", "updatedAt", "writeBackAttempts", "writeBackCursor", "writeBackDefinedAt", "writeBackError", "writeBackMetafield", "writeBackRetryAt", "writeBackTag") SELECT "accountEmail", "createdAt", "currencyCode", "email", "emailCoalesceSeconds", "ianaTimezone", "identityUpdatedAt", "installedAt", "locale", "name", "primaryDomain", "shop", "uninstalledAt", "updatedAt", "writeBackAttempts", "writeBackCursor", "writeBackDefinedAt", "writeBackError", "writeBackMetafield", "writeBackRetryAt", "writeBackTag" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

