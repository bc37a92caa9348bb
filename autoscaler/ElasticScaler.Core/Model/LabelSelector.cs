using System.Globalization;
using System.Text;

namespace ElasticScaler.Core.Model;

/// <summary>The operator of one label requirement (apimachinery's selection.Operator).</summary>
public enum LabelOperator { Equals, DoubleEquals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

/// <summary>
/// One requirement of a label selector: a key, an operator and its values (sorted and without duplicates, as
/// apimachinery keeps them; one value for =, ==, !=, &gt; and &lt;; none for exists and !).
/// </summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>apimachinery's Requirement.Matches: in/=/== need the key with one of the values; notin/!= also match
    /// without the key; &gt; and &lt; compare the label as a 64-bit integer (no match when it is not one).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        bool has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case LabelOperator.In or LabelOperator.Equals or LabelOperator.DoubleEquals:
                return has && Contains(value!);
            case LabelOperator.NotIn or LabelOperator.NotEquals:
                return !has || !Contains(value!);
            case LabelOperator.Exists:
                return has;
            case LabelOperator.DoesNotExist:
                return !has;
            default:
                if (!has || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label)) return false;
                if (Values.Count != 1 || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)) return false;
                return Operator == LabelOperator.GreaterThan ? label > bound : label < bound;
        }
    }

    /// <summary>apimachinery's Requirement.String: "app=web", "tier in (a,b)", "!canary", "rank&gt;3".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Key.Length + 16);
        if (Operator == LabelOperator.DoesNotExist) sb.Append('!');
        sb.Append(Key);
        switch (Operator)
        {
            case LabelOperator.Exists or LabelOperator.DoesNotExist: return sb.ToString();
            case LabelOperator.Equals: sb.Append('='); break;
            case LabelOperator.DoubleEquals: sb.Append("=="); break;
            case LabelOperator.NotEquals: sb.Append("!="); break;
            case LabelOperator.GreaterThan: sb.Append('>'); break;
            case LabelOperator.LessThan: sb.Append('<'); break;
            case LabelOperator.In: sb.Append(" in ("); break;
            case LabelOperator.NotIn: sb.Append(" notin ("); break;
        }
        sb.AppendJoin(',', Values);
        if (Operator is LabelOperator.In or LabelOperator.NotIn) sb.Append(')');
        return sb.ToString();
    }

    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Operator, Values.Count);

    private bool Contains(string value)
    {
        for (int i = 0; i < Values.Count; i++)
            if (Values[i] == value) return true;
        return false;
    }
}

/// <summary>
/// A Kubernetes label selector in its text form, as a scale subresource's <c>status.selector</c> or a
/// <c>?labelSelector=</c> query writes it: requirements joined by commas (AND), each one of <c>key=value</c>,
/// <c>key==value</c>, <c>key!=value</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key</c> (exists),
/// <c>!key</c> (does not exist), <c>key&gt;N</c>, <c>key&lt;N</c>. The grammar, the key and value rules and the
/// error texts are apimachinery's labels.Parse, so what HPA refuses is refused here with HPA's words.
/// </summary>
/// <example>
/// <code>
/// if (!LabelSelector.TryParse("app=wordpress,tier in (web,api)", out var selector, out var error)) return error;
/// var targetPods = cachedPods.Where(p => selector.Matches(p.Labels));
/// </code>
/// </example>
public sealed class LabelSelector : IEquatable<LabelSelector>
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    /// <summary>The selector with no requirement: it matches every set of labels.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>The requirements, sorted by key (stable, so requirements of one key keep their order).</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>No requirement at all: matches everything (an empty or blank text parses to it).</summary>
    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Whether every requirement matches the labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (int i = 0; i < Requirements.Count; i++)
            if (!Requirements[i].Matches(labels)) return false;
        return true;
    }

    /// <summary>
    /// Parses <paramref name="text"/>; null, empty or blank text is <see cref="Everything"/>. On failure
    /// <paramref name="error"/> is apimachinery's message, e.g. "unable to parse requirement: found 'cheese',
    /// expected: in, notin, =, ==, !=, gt, lt", and <paramref name="selector"/> is <see cref="Everything"/>.
    /// </summary>
    public static bool TryParse(string? text, out LabelSelector selector, out string error)
    {
        var requirements = new List<LabelRequirement>();
        var problem = LabelSelectorParser.Parse(text ?? "", requirements, out _);
        if (problem is not null)
        {
            selector = Everything;
            error = problem;
            return false;
        }
        selector = requirements.Count == 0 ? Everything : new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
        error = "";
        return true;
    }

    /// <summary>
    /// apimachinery's LabelSelectorAsSelector: a spec's matchLabels (each <c>key=value</c>) and matchExpressions (In,
    /// NotIn, Exists, DoesNotExist) as one selector; null or empty is <see cref="Everything"/>. On failure
    /// <paramref name="error"/> says which entry is wrong and why, e.g. "matchExpressions[0].operator: \"Equals\": must be
    /// one of In, NotIn, Exists, DoesNotExist".
    /// </summary>
    public static bool TryFrom(Spec.LabelSelector? spec, out LabelSelector selector, out string error)
    {
        selector = Everything;
        error = "";
        if (spec is null) return true;
        var requirements = new List<LabelRequirement>();
        var problems = new List<string>();
        foreach (var (key, value) in spec.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!LabelSyntax.IsKey(key)) problems.Add($"matchLabels: {LabelSyntax.Quote(key)}: {LabelSyntax.KeyProblems(key)}");
            else if (!LabelSyntax.IsValue(value)) problems.Add($"matchLabels.{key}: {LabelSyntax.Quote(value)}: {LabelSyntax.ValueProblems(value)}");
            else requirements.Add(new LabelRequirement(key, LabelOperator.Equals, [value]));
        }
        var expressions = spec.MatchExpressions ?? [];
        for (int i = 0; i < expressions.Count; i++)
        {
            var e = expressions[i];
            var at = $"matchExpressions[{i}]";
            LabelOperator? op = e.Operator switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                "DoesNotExist" => LabelOperator.DoesNotExist,
                _ => null,
            };
            var values = e.Values ?? [];
            if (op is null) problems.Add($"{at}.operator: {LabelSyntax.Quote(e.Operator)}: must be one of In, NotIn, Exists, DoesNotExist");
            else if (!LabelSyntax.IsKey(e.Key)) problems.Add($"{at}.key: {LabelSyntax.Quote(e.Key)}: {LabelSyntax.KeyProblems(e.Key)}");
            else if (op is LabelOperator.In or LabelOperator.NotIn && values.Count == 0) problems.Add($"{at}.values: for 'In', 'NotIn' operators, values set can't be empty");
            else if (op is LabelOperator.Exists or LabelOperator.DoesNotExist && values.Count > 0) problems.Add($"{at}.values: values set must be empty for Exists and DoesNotExist");
            else if (values.FirstOrDefault(v => !LabelSyntax.IsValue(v)) is { } bad) problems.Add($"{at}.values: {LabelSyntax.Quote(bad)}: {LabelSyntax.ValueProblems(bad)}");
            else requirements.Add(new LabelRequirement(e.Key, op.Value, [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
        }
        if (problems.Count > 0)
        {
            error = string.Join("; ", problems);
            return false;
        }
        if (requirements.Count > 0) selector = new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> parses and how many requirements it has, without building the selector: the
    /// decision checks the target's selector every sync and needs no more. Null when it parses; else the error.
    /// </summary>
    internal static string? Check(string text, out int requirements)
    {
        var problem = LabelSelectorParser.Parse(text, into: null, out requirements);
        // Checking skips sorting a value list, so a bad value in one is described by a full parse.
        if (ReferenceEquals(problem, LabelSelectorParser.DescribeByParsing))
            TryParse(text, out _, out problem);
        return problem;
    }

    /// <summary>The canonical text: the requirements sorted by key, each as apimachinery prints it, joined by ",".</summary>
    public override string ToString() => string.Join(',', Requirements);

    public bool Equals(LabelSelector? other) => other is not null && Requirements.SequenceEqual(other.Requirements);

    public override bool Equals(object? obj) => Equals(obj as LabelSelector);

    public override int GetHashCode() => Requirements.Count == 0 ? 0 : HashCode.Combine(Requirements.Count, Requirements[0]);
}
