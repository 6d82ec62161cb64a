import { countOrdersByStage } from "~/models/orders.server";
import { listStages } from "~/models/stages.server";
import { unreadableDeliveries } from "./rejected-deliveries.server";
import { ensureShop } from "./shops.server";

type Tone = "info" | "success" | "warning" | "critical" | "attention" | "new" | undefined;

export async function loadDashboard(shop: string) {
  await ensureShop(shop);
  const [stages, counts, unreadable] = await Promise.all([
    listStages(shop),
    countOrdersByStage(shop),
    unreadableDeliveries(shop),
  ]);
  return {
    unreadable,
    totalOrders: [...counts.values()].reduce((sum, n) => sum + n, 0),
    stages: stages.map((stage) => ({
      key: stage.key,
      label: stage.internalName,
      tone: (stage.color === "read-only" ? undefined : stage.color) as Tone,
      orderCount: counts.get(stage.key) ?? 0,
    })),
  };
}
