-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "chosenStageAt" TIMESTAMP(3),
ADD COLUMN     "chosenStageKey" TEXT,
ADD COLUMN     "chosenStageSource" TEXT;

