-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "ianaTimezone" TEXT;

-- CreateIndex
CREATE INDEX "Order_shop_stageKey_placedAt_idx" ON "Order"("shop", "stageKey", "placedAt");

-- CreateIndex
CREATE INDEX "Order_shop_stageEnteredAt_idx" ON "Order"("shop", "stageEnteredAt");

