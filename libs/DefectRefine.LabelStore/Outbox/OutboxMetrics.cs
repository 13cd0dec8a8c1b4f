using System.Diagnostics.Metrics;

namespace DefectRefine.LabelStore.Outbox;

/// <summary>On the DefectRefine meter, which every service exports: [defectrefine_outbox_dead_lettered_total{type}].</summary>
internal static class OutboxMetrics
{
    private static readonly Meter Meter = new("DefectRefine");

    public static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("defectrefine.outbox.dead_lettered", "{message}", "Outbox rows that could never be read as a message, set aside for an operator.");
}
