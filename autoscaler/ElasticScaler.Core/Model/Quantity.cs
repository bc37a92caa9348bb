using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticScaler.Core.Model;

/// <summary>
/// A Kubernetes <c>resource.Quantity</c> ("500m", "1.5", "2Gi", "1e3"), held as an exact decimal.
/// HPA computes on <see cref="MilliValue"/>, so we do too.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly record struct Quantity(decimal Value) : IComparable<Quantity>
{
    public static readonly Quantity Zero = new(0m);

    /// <summary>The value in thousandths, rounded up as Kubernetes' <c>MilliValue()</c> does.</summary>
    public long MilliValue => (long)Math.Ceiling(Value * 1000m);

    public static Quantity FromMilli(long milli) => new(milli / 1000m);

    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    /// <summary>Parses the Kubernetes quantity grammar: a signed decimal number, then a binary suffix
    /// (Ki..Ei), a decimal suffix (n, u, m, k, M, G, T, P, E) or a decimal exponent (e3, E-2).</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        int digitsStart = i;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == digitsStart) return false;
        if (!decimal.TryParse(s.AsSpan(0, i), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number)) return false;
        var suffix = s[i..];
        decimal multiplier;
        switch (suffix)
        {
            case "": multiplier = 1m; break;
            case "n": multiplier = 0.000000001m; break;
            case "u": multiplier = 0.000001m; break;
            case "m": multiplier = 0.001m; break;
            case "k": multiplier = 1_000m; break;
            case "M": multiplier = 1_000_000m; break;
            case "G": multiplier = 1_000_000_000m; break;
            case "T": multiplier = 1_000_000_000_000m; break;
            case "P": multiplier = 1_000_000_000_000_000m; break;
            case "E": multiplier = 1_000_000_000_000_000_000m; break;
            case "Ki": multiplier = 1024m; break;
            case "Mi": multiplier = 1024m * 1024; break;
            case "Gi": multiplier = 1024m * 1024 * 1024; break;
            case "Ti": multiplier = 1024m * 1024 * 1024 * 1024; break;
            case "Pi": multiplier = 1024m * 1024 * 1024 * 1024 * 1024; break;
            case "Ei": multiplier = 1024m * 1024 * 1024 * 1024 * 1024 * 1024; break;
            default:
                if ((suffix[0] == 'e' || suffix[0] == 'E') &&
                    int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp) &&
                    exp is >= -18 and <= 18)
                {
                    multiplier = Pow10(exp);
                    break;
                }
                return false;
        }
        try
        {
            quantity = new Quantity(number * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static Quantity Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException(
            $"\"{text}\" is not a Kubernetes quantity (examples: \"500m\", \"2\", \"1.5Gi\", \"1e3\")");

    private static decimal Pow10(int exp)
    {
        decimal r = 1m;
        for (int k = 0; k < Math.Abs(exp); k++) r *= 10m;
        return exp >= 0 ? r : 1m / r;
    }

    /// <summary>Canonical-enough text: milli form for fractions, plain integers otherwise.</summary>
    public override string ToString()
    {
        if (Value == decimal.Truncate(Value)) return Value.ToString("0", CultureInfo.InvariantCulture);
        var milli = Value * 1000m;
        if (milli == decimal.Truncate(milli)) return milli.ToString("0", CultureInfo.InvariantCulture) + "m";
        return Value.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Reads a quantity from a JSON string ("500m") or number (0.5); writes the string form.</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return new Quantity(reader.GetDecimal());
            case JsonTokenType.String:
                var text = reader.GetString();
                if (Quantity.TryParse(text, out var q)) return q;
                throw new JsonException($"\"{text}\" is not a Kubernetes quantity (examples: \"500m\", \"2\", \"1.5Gi\")");
            default:
                throw new JsonException($"expected a quantity (a string such as \"500m\" or a number), found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
