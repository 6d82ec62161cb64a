-- AlterTable
ALTER TABLE "Order" ADD COLUMN "chosenStageAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "chosenStageKey" TEXT;
ALTER TABLE "Order" ADD COLUMN "chosenStageSource" TEXT;

