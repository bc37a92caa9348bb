namespace ElasticScaler.Core.Model;

/// <summary>
/// Label keys and values as the API validates them (apimachinery's util/validation: IsQualifiedName,
/// IsDNS1123Subdomain, IsValidLabelValue), with its messages word for word, so a selector refused here is refused
/// with the text HPA would print.
/// </summary>
public static class LabelSyntax
{
    private const int NameMaxLength = 63;
    private const int SubdomainMaxLength = 253;
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string ValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string ValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>[prefix/]name: an optional DNS subdomain, then a name of 1 to 63 characters.</summary>
    public static bool IsKey(ReadOnlySpan<char> key)
    {
        int slash = key.IndexOf('/');
        if (slash < 0) return IsName(key);
        var prefix = key[..slash];
        var name = key[(slash + 1)..];
        return name.IndexOf('/') < 0 && prefix.Length > 0 && IsSubdomain(prefix) && IsName(name);
    }

    /// <summary>Empty, or a name of at most 63 characters.</summary>
    public static bool IsValue(ReadOnlySpan<char> value) => value.Length == 0 || IsName(value);

    /// <summary>IsQualifiedName's problems, joined as validateLabelKey joins them.</summary>
    public static string KeyProblems(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        if (parts.Length == 1) name = parts[0];
        else if (parts.Length == 2)
        {
            var prefix = parts[0];
            name = parts[1];
            if (prefix.Length == 0) errors.Add("prefix part must be non-empty");
            else
            {
                if (prefix.Length > SubdomainMaxLength) errors.Add("prefix part " + MaxLength(SubdomainMaxLength));
                if (!IsSubdomainShape(prefix)) errors.Add("prefix part " + Regex(SubdomainMessage, SubdomainFormat, "example.com"));
            }
        }
        else
        {
            return "a qualified name " + Regex(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }
        if (name.Length == 0) errors.Add("name part must be non-empty");
        else if (name.Length > NameMaxLength) errors.Add("name part " + MaxLength(NameMaxLength));
        if (!IsNameShape(name)) errors.Add("name part " + Regex(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        return string.Join("; ", errors);
    }

    /// <summary>IsValidLabelValue's problems, joined as validateLabelValue joins them.</summary>
    public static string ValueProblems(string value)
    {
        var errors = new List<string>(2);
        if (value.Length > NameMaxLength) errors.Add(MaxLength(NameMaxLength));
        if (value.Length > 0 && !IsNameShape(value)) errors.Add(Regex(ValueMessage, ValueFormat, "MyValue", "my_value", "12345"));
        return string.Join("; ", errors);
    }

    /// <summary>Go's %q for the value in "Invalid value: %q".</summary>
    public static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static bool IsName(ReadOnlySpan<char> name) => name.Length is > 0 and <= NameMaxLength && IsNameShape(name);

    private static bool IsSubdomain(ReadOnlySpan<char> s) => s.Length <= SubdomainMaxLength && IsSubdomainShape(s);

    /// <summary>QualifiedNameFormat, anchored: alphanumeric at both ends, '-', '_' or '.' allowed between.</summary>
    private static bool IsNameShape(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !char.IsAsciiLetterOrDigit(s[0]) || !char.IsAsciiLetterOrDigit(s[^1])) return false;
        foreach (char c in s)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }

    /// <summary>SubdomainFormat, anchored: dot-separated labels of lowercase alphanumerics and '-', alphanumeric at both ends.</summary>
    private static bool IsSubdomainShape(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return false;
        int start = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != '.') continue;
            var label = s[start..i];
            if (label.Length == 0 || !IsLowerAlnum(label[0]) || !IsLowerAlnum(label[^1])) return false;
            foreach (char c in label)
                if (!IsLowerAlnum(c) && c != '-') return false;
            start = i + 1;
        }
        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static string MaxLength(int length) => $"must be no more than {length} characters";

    /// <summary>apimachinery's RegexError, spacing included: "(e.g. 'MyName',  or 'my.name', ...".</summary>
    private static string Regex(string message, string format, params string[] examples)
    {
        var sb = new System.Text.StringBuilder(message).Append(" (e.g. ");
        for (int i = 0; i < examples.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }
}
