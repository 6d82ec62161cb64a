-- DropIndex
DROP INDEX "Order_shop_nameKey_idx";

-- DropIndex
DROP INDEX "Order_shop_customerGid_idx";

-- CreateIndex
CREATE INDEX "Order_shop_nameKey_placedAt_idx" ON "Order"("shop", "nameKey", "placedAt");

-- CreateIndex
CREATE INDEX "Order_shop_customerGid_placedAt_idx" ON "Order"("shop", "customerGid", "placedAt");

