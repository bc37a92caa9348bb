using ElasticScaler.Core.Decisions;

namespace ElasticScaler.Core.Snapshots;

/// <summary>
/// One decision's input as read from a snapshot file (docs/snapshot-format.md): the decision input, the
/// engine's history, the time, and which object it came from.
/// </summary>
public sealed record DecisionSnapshot(
    DecisionInput Input,
    DecisionHistory History,
    DateTimeOffset Now,
    string ObjectName,
    string? Description = null);
