using System.Collections.Immutable;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// The per-minute ECI creation limit over a sliding 60 s window: creations asked for in (now - 60 s, now]
/// plus those of this decision never exceed eci.maxCreatePerMinute (default 1000, the ECI API's
/// CreateContainerGroup limit). Holding this at every decision bounds every 60 s window.
/// </summary>
public static class EciBudget
{
    /// <summary>ECI creations still allowed at <paramref name="now"/>.</summary>
    public static int Remaining(ImmutableArray<EciCreation> creations, DateTimeOffset now, int perMinute)
    {
        long used = 0;
        var since = now - PlacementDefaults.EciRateWindow;
        foreach (var c in creations) if (c.At > since && c.At <= now) used += c.Count;
        return (int)Math.Max(0, perMinute - used);
    }

    /// <summary>The creations to remember: those still inside the window, plus this decision's.</summary>
    public static ImmutableArray<EciCreation> Record(ImmutableArray<EciCreation> creations, DateTimeOffset now, int created)
    {
        var since = now - PlacementDefaults.EciRateWindow;
        bool allInside = true;
        foreach (var c in creations) allInside &= c.At > since;
        if (allInside && created == 0) return creations;
        var builder = ImmutableArray.CreateBuilder<EciCreation>(creations.Length + 1);
        foreach (var c in creations) if (c.At > since) builder.Add(c);
        if (created > 0) builder.Add(new EciCreation(now, created));
        return builder.DrainToImmutable();
    }
}
