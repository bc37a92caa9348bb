using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Converts between core/v1 Event (the stored form) and events.k8s.io/v1 Event (the same object, renamed fields).</summary>
public static class EventsView
{
    private static readonly (string Core, string Events)[] Renames =
    [
        ("involvedObject", "regarding"), ("message", "note"), ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"), ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    public static JsonObject ToEventsV1(JsonObject core)
    {
        var o = core.DeepClone().AsObject();
        o["apiVersion"] = "events.k8s.io/v1";
        foreach (var (c, e) in Renames)
            Rename(o, c, e);
        if (o["series"] is JsonObject s)
            s.Remove("state");
        return o;
    }

    public static JsonObject ToCore(JsonObject events)
    {
        var o = events.DeepClone().AsObject();
        o["apiVersion"] = "v1";
        foreach (var (c, e) in Renames)
            Rename(o, e, c);
        return o;
    }

    private static void Rename(JsonObject o, string from, string to)
    {
        if (!o.ContainsKey(from))
            return;
        var v = o[from];
        o.Remove(from);
        if (v is not null)
            o[to] = v;
    }
}
