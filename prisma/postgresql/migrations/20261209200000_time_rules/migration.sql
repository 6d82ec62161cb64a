-- DropIndex
DROP INDEX "Order_shop_stageKey_stageEnteredAt_idx";

-- CreateTable
CREATE TABLE "TimeRule" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "stageKey" TEXT NOT NULL,
    "afterBusinessDays" INTEGER NOT NULL,
    "setStageKey" TEXT,
    "notifyCustomer" BOOLEAN NOT NULL DEFAULT false,
    "alertMerchant" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TimeRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimeRuleFiring" (
    "ruleId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "shop" TEXT NOT NULL,
    "ruleName" TEXT NOT NULL,
    "stageKey" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "alertMerchant" BOOLEAN NOT NULL DEFAULT false,
    "firedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TimeRuleFiring_pkey" PRIMARY KEY ("ruleId","orderGid","enteredAt")
);

-- CreateIndex
CREATE INDEX "TimeRule_shop_position_idx" ON "TimeRule"("shop", "position");

-- CreateIndex
CREATE INDEX "TimeRule_enabled_shop_idx" ON "TimeRule"("enabled", "shop");

-- CreateIndex
CREATE INDEX "TimeRuleFiring_shop_firedAt_idx" ON "TimeRuleFiring"("shop", "firedAt");

-- CreateIndex
CREATE INDEX "Order_shop_stageKey_stageEnteredAt_orderGid_idx" ON "Order"("shop", "stageKey", "stageEnteredAt", "orderGid");

