using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Name, label and annotation rules of apimachinery validation, with the real messages.</summary>
public static partial class Validation
{
    private const string Dns1123SubdomainMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1123LabelMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    public static bool IsDnsSubdomain(string s) => s.Length <= 253 && Subdomain().IsMatch(s);

    public static bool IsDnsLabel(string s) => s.Length <= 63 && Label().IsMatch(s);

    public static bool IsLabelValue(string s) => s.Length == 0 || (s.Length <= 63 && QualifiedNamePart().IsMatch(s));

    public static bool IsQualifiedName(string s)
    {
        var slash = s.IndexOf('/');
        var name = slash < 0 ? s : s[(slash + 1)..];
        if (slash >= 0 && (slash == 0 || !IsDnsSubdomain(s[..slash])))
            return false;
        return name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name);
    }

    /// <summary>metadata checks shared by every kind; labelNames says whether names must be DNS labels (namespaces).</summary>
    public static List<FieldCause> Metadata(JsonObject obj, bool dnsLabelName)
    {
        var causes = new List<FieldCause>();
        var meta = obj["metadata"] as JsonObject;
        var name = (string?)meta?["name"];
        if (string.IsNullOrEmpty(name))
            causes.Add(FieldCause.Required("metadata.name", "name or generateName is required"));
        else if (dnsLabelName ? !IsDnsLabel(name) : !IsDnsSubdomain(name))
            causes.Add(FieldCause.Invalid("metadata.name", name, dnsLabelName ? Dns1123LabelMsg : Dns1123SubdomainMsg));
        if (meta?["labels"] is JsonObject labels)
        {
            foreach (var (k, v) in labels)
            {
                if (!IsQualifiedName(k))
                    causes.Add(FieldCause.Invalid("metadata.labels", k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
                var value = v is JsonValue jv && jv.TryGetValue<string>(out var sv) ? sv : null;
                if (value is null || !IsLabelValue(value))
                    causes.Add(FieldCause.Invalid("metadata.labels", value ?? v?.ToJsonString(), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        }
        if (meta?["annotations"] is JsonObject annotations)
        {
            var total = 0;
            foreach (var (k, v) in annotations)
            {
                if (!IsQualifiedName(k))
                    causes.Add(FieldCause.Invalid("metadata.annotations", k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
                total += k.Length + JsonPath.Text(v).Length;
            }
            if (total > 256 * 1024)
                causes.Add(FieldCause.TooLong("metadata.annotations", 256 * 1024));
        }
        return causes;
    }
}
