using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// HPA's validateAndParseSelector: the target's scale must say which pods are its own. Without a selector, or with
/// one that does not parse, HPA computes no metric and changes nothing (ScalingActive=False InvalidSelector); custom
/// resources whose CRD has no labelSelectorPath get there. The decision only checks it: the caller passes the
/// target's pods, picked with <see cref="LabelSelector.Matches"/>.
/// </summary>
internal static class TargetSelector
{
    /// <summary>HPA's error (and its SelectorRequired event) when the scale has no selector.</summary>
    public const string RequiredError = "selector is required";

    /// <summary>HPA's ScalingActive message when the scale has no selector.</summary>
    public const string MissingMessage = "the HPA target's scale is missing a selector";

    /// <summary>HPA's prefix, for the condition and the error alike, when the selector does not parse.</summary>
    public const string InvalidPrefix = "couldn't convert selector into a corresponding internal selector object: ";

    /// <summary>Null when the selector is usable; else the ScalingActive message and HPA's error text.</summary>
    public static (string ConditionMessage, string Error)? Problem(string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return (MissingMessage, RequiredError);
        if (LabelSelector.Check(selector, out int requirements) is { } error)
        {
            string message = InvalidPrefix + error;
            return (message, message);
        }
        // A blank selector parses to "everything"; HPA would go on and read every pod of the namespace. Refused as
        // missing instead: a selector that names no label cannot tell the target's pods from the others.
        return requirements == 0 ? (MissingMessage, RequiredError) : null;
    }
}
