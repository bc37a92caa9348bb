using System.Globalization;
using System.Text.Json;

namespace ElasticScaler.Sim.FastMode;

/// <summary>A trace file that cannot be read: the message names the file, the line (or JSON path), the field and the fix.</summary>
public sealed class TraceFormatException(string message) : Exception(message);

/// <summary>
/// Reads a trace. CSV: a header <c>seconds,rps</c> (a 3rd column <c>mode</c> is not supported; steps come from
/// <c># steps</c> on its own line), then one point per line, seconds ascending. JSON:
/// <c>{"steps": false, "points": [{"seconds": 0, "rps": 100}, ...]}</c> or just the array.
/// Blank lines and lines starting with # are skipped in CSV.
/// </summary>
public static class TraceReader
{
    public static Trace ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceFormatException($"{path}: cannot read the trace: {e.Message}");
        }
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('[') || text.TrimStart().StartsWith('{');
        return json ? ParseJson(text, path) : ParseCsv(text, path);
    }

    public static Trace ParseCsv(string text, string source = "trace")
    {
        var points = new List<TracePoint>();
        bool steps = false, header = false;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int n = i + 1;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (line.TrimStart('#').Trim().Equals("steps", StringComparison.OrdinalIgnoreCase)) steps = true;
                continue;
            }
            var cells = line.Split(',');
            if (!header)
            {
                if (cells.Length != 2 || cells[0].Trim() != "seconds" || cells[1].Trim() != "rps")
                    throw new TraceFormatException($"{source}: line {n}: \"{line}\": the first line must be the header \"seconds,rps\"");
                header = true;
                continue;
            }
            if (cells.Length != 2)
                throw new TraceFormatException($"{source}: line {n}: \"{line}\": expected 2 fields (seconds,rps), found {cells.Length}");
            var seconds = Number(cells[0], $"{source}: line {n}: field seconds");
            var rps = Number(cells[1], $"{source}: line {n}: field rps");
            Add(points, seconds, rps, $"{source}: line {n}");
        }
        if (!header) throw new TraceFormatException($"{source}: empty: expected the header \"seconds,rps\" and at least 2 points");
        return Finish(points, steps, source);
    }

    public static Trace ParseJson(string text, string source = "trace")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TraceFormatException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            bool steps = false;
            JsonElement array;
            string prefix;
            if (root.ValueKind == JsonValueKind.Array)
            {
                array = root;
                prefix = "";
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("points", out array))
            {
                prefix = "points";
                if (root.TryGetProperty("steps", out var s))
                    steps = s.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new TraceFormatException($"{source}: steps: {s.GetRawText()}: must be true or false"),
                    };
                if (array.ValueKind != JsonValueKind.Array)
                    throw new TraceFormatException($"{source}: points: must be an array of {{\"seconds\": N, \"rps\": N}}");
            }
            else
            {
                throw new TraceFormatException($"{source}: must be an array of {{\"seconds\": N, \"rps\": N}} or an object with \"points\"");
            }
            var points = new List<TracePoint>();
            int i = 0;
            foreach (var p in array.EnumerateArray())
            {
                string at = $"{prefix}[{i++}]";
                if (p.ValueKind != JsonValueKind.Object)
                    throw new TraceFormatException($"{source}: {at}: {p.GetRawText()}: must be an object {{\"seconds\": N, \"rps\": N}}");
                Add(points, Field(p, "seconds", source, at), Field(p, "rps", source, at), $"{source}: {at}");
            }
            return Finish(points, steps, source);
        }
    }

    private static double Field(JsonElement p, string name, string source, string at)
    {
        if (!p.TryGetProperty(name, out var v))
            throw new TraceFormatException($"{source}: {at}.{name}: required (a number)");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
            throw new TraceFormatException($"{source}: {at}.{name}: {v.GetRawText()}: must be a number");
        return d;
    }

    private static double Number(string cell, string where)
    {
        var s = cell.Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            throw new TraceFormatException($"{where}: \"{s}\": must be a number (e.g. 120 or 12.5)");
        return d;
    }

    private static void Add(List<TracePoint> points, double seconds, double rps, string where)
    {
        if (seconds < 0) throw new TraceFormatException($"{where}: field seconds: {seconds.ToString(CultureInfo.InvariantCulture)}: must be 0 or more");
        if (rps < 0) throw new TraceFormatException($"{where}: field rps: {rps.ToString(CultureInfo.InvariantCulture)}: must be 0 or more");
        if (points.Count > 0 && seconds <= points[^1].At.TotalSeconds)
            throw new TraceFormatException($"{where}: field seconds: {seconds.ToString(CultureInfo.InvariantCulture)}: must be after the previous point's {points[^1].At.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        points.Add(new TracePoint(TimeSpan.FromSeconds(seconds), rps));
    }

    private static Trace Finish(List<TracePoint> points, bool steps, string source)
    {
        if (points.Count < 2)
            throw new TraceFormatException($"{source}: {points.Count} point(s): a trace needs at least 2 (its start and its end)");
        return new Trace(points, steps);
    }
}
