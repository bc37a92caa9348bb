using ElasticScaler.Core.Behavior;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Runs consecutive syncs the way the controller does: the decision's desired count becomes the next current count.</summary>
internal sealed class Sync(BehaviorInput template, BehaviorHistory? history = null, DateTimeOffset? start = null)
{
    public BehaviorHistory History { get; private set; } = history ?? BehaviorHistory.Empty;
    public DateTimeOffset Now { get; private set; } = start ?? Rules.Now;
    public int Current { get; private set; } = template.CurrentReplicas;
    public BehaviorDecision? Last { get; private set; }

    /// <summary>Decides at the current time with the given proposal, applies the result, then advances the clock.</summary>
    public BehaviorDecision Step(int? proposal, TimeSpan? advance = null, int? readyPods = null)
    {
        var input = template with
        {
            CurrentReplicas = Current,
            Proposal = proposal,
            ReadyPods = readyPods ?? Current,
            Conditions = Last?.Conditions ?? template.Conditions,
        };
        var d = BehaviorEngine.Decide(input, History, Now);
        Last = d;
        History = d.History;
        Current = d.DesiredReplicas;
        Now += advance ?? TimeSpan.FromSeconds(15);
        return d;
    }
}
