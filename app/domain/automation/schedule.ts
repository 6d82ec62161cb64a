// Time in a stage (SPEC §4): when an order is stuck, when a time rule is due, and the estimated
// delivery date when no carrier gives one. Pure: the calendar and instants are arguments.
import { addBusinessDays, type WorkCalendar } from "./business-days";

/** When an order that entered a stage becomes overdue in it; null when the stage has no bound. */
export function stuckAfter(
  enteredAt: Date,
  expectedBusinessDays: number | null,
  calendar: WorkCalendar,
): Date | null {
  if (expectedBusinessDays === null || expectedBusinessDays <= 0) return null;
  return addBusinessDays(enteredAt, expectedBusinessDays, calendar);
}

export function isStuck(
  enteredAt: Date,
  expectedBusinessDays: number | null,
  now: Date,
  calendar: WorkCalendar,
): boolean {
  const due = stuckAfter(enteredAt, expectedBusinessDays, calendar);
  return due !== null && now >= due;
}

export interface PipelineStage {
  key: string;
  position: number;
  expectedBusinessDays: number | null;
  /** Exception stages (cancelled, returns, problems) are not steps on the way to delivery. */
  exception: boolean;
}

/**
 * Default stages that are a side road of the main path (payment still pending, part of the order
 * shipped, waiting at a pickup point): they count toward the estimate only while the order is in
 * one, never as a stage still ahead.
 */
export const SIDE_STAGE_KEYS: ReadonlySet<string> = new Set([
  "awaiting_payment",
  "partially_shipped",
  "ready_for_pickup",
]);

/**
 * The estimated delivery date: the carrier's estimate when there is one; otherwise the time the
 * order entered its current stage plus the expected business days of that stage and of every
 * progress stage still ahead of it before delivery. Null once delivered, for exception stages,
 * and when no stage ahead says how long it takes.
 */
export function estimateDelivery(input: {
  carrierEstimate: string | null;
  currentStageKey: string;
  enteredAt: Date;
  stages: readonly PipelineStage[];
  deliveredKey?: string;
  calendar: WorkCalendar;
}): string | null {
  if (input.carrierEstimate) return input.carrierEstimate;
  const deliveredKey = input.deliveredKey ?? "delivered";
  const current = input.stages.find((stage) => stage.key === input.currentStageKey);
  const delivered = input.stages.find((stage) => stage.key === deliveredKey);
  if (!current || !delivered || current.exception) return null;
  if (current.position >= delivered.position) return null;
  const ahead = input.stages.filter(
    (stage) =>
      !stage.exception &&
      (stage === current || !SIDE_STAGE_KEYS.has(stage.key)) &&
      stage.position >= current.position &&
      stage.position < delivered.position &&
      stage.expectedBusinessDays !== null,
  );
  if (ahead.length === 0) return null;
  const days = ahead.reduce((sum, stage) => sum + (stage.expectedBusinessDays ?? 0), 0);
  return addBusinessDays(input.enteredAt, days, input.calendar)?.toISOString() ?? null;
}
