using System.Globalization;
using System.Text.Json;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Serialization;

namespace ElasticScaler.Core.Objects;

/// <summary>
/// Reads Kubernetes JSON leniently where the API is lenient and strictly where a wrong value would change
/// a decision, collecting every problem as "path: value: why" instead of stopping at the first.
/// </summary>
internal sealed class JsonReadContext
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public void Error(string path, string why) => _errors.Add($"{path}: {why}");

    public void Error(string path, JsonElement value, string why) => _errors.Add($"{path}: {Show(value)}: {why}");

    /// <summary>Keeps the problems of one object read by <see cref="KubernetesObjects"/>, and gives back its value.</summary>
    public T? Take<T>(ObjectRead<T> read) where T : class
    {
        _errors.AddRange(read.Errors);
        return read.Value;
    }

    public static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }

    /// <summary>"a.b" from "a" and "b"; just "b" at the root.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public JsonElement? Object(JsonElement parent, string name, string path, bool required = false)
    {
        if (!TryGet(parent, name, out var v))
        {
            if (required) Error(Join(path, name), "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(Join(path, name), v, "must be an object");
            return null;
        }
        return v;
    }

    public string? String(JsonElement parent, string name, string path, bool required = false)
    {
        if (!TryGet(parent, name, out var v))
        {
            if (required) Error(Join(path, name), "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Error(Join(path, name), v, "must be a string");
            return null;
        }
        return v.GetString();
    }

    public int? Int(JsonElement parent, string name, string path, bool required = false)
    {
        if (!TryGet(parent, name, out var v))
        {
            if (required) Error(Join(path, name), "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            Error(Join(path, name), v, "must be an integer");
            return null;
        }
        return i;
    }

    public double? Double(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        Error(Join(path, name), v, "must be a number");
        return null;
    }

    public DateTimeOffset? Time(JsonElement parent, string name, string path, bool required = false)
    {
        if (!TryGet(parent, name, out var v))
        {
            if (required) Error(Join(path, name), "required");
            return null;
        }
        if (v.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return t.ToUniversalTime();
        Error(Join(path, name), v, "must be an RFC 3339 time such as \"2026-11-11T00:00:00Z\"");
        return null;
    }

    public TimeSpan? Duration(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String && GoDuration.TryParse(v.GetString(), out var d)) return d;
        if (v.ValueKind == JsonValueKind.Number && v.GetDouble() >= 0) return TimeSpan.FromSeconds(v.GetDouble());
        Error(Join(path, name), v, "must be " + GoDuration.Examples);
        return null;
    }

    public IReadOnlyDictionary<string, string> StringMap(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var v)) return EmptyMap;
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(Join(path, name), v, "must be an object of strings");
            return EmptyMap;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
            else Error($"{path}.{name}.{p.Name}", p.Value, "must be a string");
        }
        return map;
    }

    public IReadOnlyDictionary<string, Quantity> ResourceList(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var v)) return EmptyResources;
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(Join(path, name), v, "must be an object of quantities");
            return EmptyResources;
        }
        var map = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            var q = Quantity(p.Value, $"{path}.{name}.{p.Name}");
            if (q is { } value) map[p.Name] = value;
        }
        return map;
    }

    public Quantity? Quantity(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.Number) return new Quantity(v.GetDecimal());
        if (v.ValueKind == JsonValueKind.String && Model.Quantity.TryParse(v.GetString(), out var q)) return q;
        Error(path, v, "must be a quantity such as \"500m\", \"2\" or \"1Gi\"");
        return null;
    }

    /// <summary>The items of a list: a bare array, or a Kubernetes List object with "items".</summary>
    public IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var v)) yield break;
        var itemsPath = Join(path, name);
        if (v.ValueKind == JsonValueKind.Object)
        {
            if (!TryGet(v, "items", out var items))
            {
                yield break;
            }
            v = items;
            itemsPath += ".items";
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(itemsPath, v, "must be an array or a List object with items");
            yield break;
        }
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            yield return (item, $"{itemsPath}[{i}]");
            i++;
        }
    }

    /// <summary>Binds a JSON object to a record with the API's conventions; a type error names its path.</summary>
    public T? Bind<T>(JsonElement value, string path) where T : class
    {
        try
        {
            return value.Deserialize<T>(CoreJson.Options);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } p ? path + p[1..] : path;
            if (ex.Path is { } jsonPath && Find(value, jsonPath) is { } bad && bad.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                Error(where, bad, Describe(ex));
            else
                Error(where, Describe(ex));
            return null;
        }
        catch (FormatException ex)
        {
            Error(path, ex.Message);
            return null;
        }
    }

    /// <summary>Follows a System.Text.Json path such as "$.metrics[0].type" from <paramref name="root"/>.</summary>
    private static JsonElement? Find(JsonElement root, string jsonPath)
    {
        var current = root;
        int i = 1; // skip '$'
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                int end = i + 1;
                while (end < jsonPath.Length && jsonPath[end] != '.' && jsonPath[end] != '[') end++;
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(jsonPath[(i + 1)..end], out current)) return null;
                i = end;
            }
            else if (jsonPath[i] == '[')
            {
                int end = jsonPath.IndexOf(']', i);
                if (end < 0 || current.ValueKind != JsonValueKind.Array ||
                    !int.TryParse(jsonPath.AsSpan(i + 1, end - i - 1), out var index) || index >= current.GetArrayLength()) return null;
                current = current[index];
                i = end + 1;
            }
            else return null;
        }
        return current;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json's messages name CLR types; say what the field wants instead.
        var m = ex.Message;
        if (m.Contains("System.Int32", StringComparison.Ordinal)) return "must be an integer";
        if (m.Contains("System.Boolean", StringComparison.Ordinal)) return "must be true or false";
        if (m.Contains("System.Double", StringComparison.Ordinal)) return "must be a number";
        if (m.Contains("System.String", StringComparison.Ordinal)) return "must be a string";
        if (m.Contains("missing required properties", StringComparison.Ordinal))
        {
            var idx = m.IndexOf("including:", StringComparison.Ordinal);
            return idx >= 0 ? "required field missing:" + m[(idx + "including:".Length)..].TrimEnd('.') : "a required field is missing";
        }
        var enumType = EnumName(m);
        if (enumType is not null) return $"must be one of {string.Join(", ", Enum.GetNames(enumType))}";
        var pathIdx = m.IndexOf(" Path:", StringComparison.Ordinal);
        return (pathIdx > 0 ? m[..pathIdx] : m).TrimEnd('.');
    }

    private static Type? EnumName(string message)
    {
        foreach (var t in typeof(JsonReadContext).Assembly.GetTypes())
        {
            if (t.IsEnum && message.Contains(t.FullName!, StringComparison.Ordinal)) return t;
        }
        return null;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, Quantity> EmptyResources = new Dictionary<string, Quantity>();
}
