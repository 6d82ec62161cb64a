import { countOrdersByStage } from "~/models/orders.server";
import { unreadableDeliveries } from "./rejected-deliveries.server";
import { loadAdminStages } from "./stage-admin.server";

export async function loadDashboard(shop: string) {
  const [stages, counts, unreadable] = await Promise.all([
    loadAdminStages(shop),
    countOrdersByStage(shop),
    unreadableDeliveries(shop),
  ]);
  return {
    unreadable,
    totalOrders: [...counts.values()].reduce((sum, n) => sum + n, 0),
    hasCustomStages: stages.some((s) => !s.isDefault),
    stages: stages.map((stage) => ({
      key: stage.key,
      labels: stage.labels,
      color: stage.color,
      internalName: stage.internalName,
      orderCount: counts.get(stage.key) ?? 0,
    })),
  };
}
