namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// A source of a kind import reads that it cannot read: a missing required field or a field of the wrong type.
/// Makes <c>import</c> exit 2 without writing anything, naming the file, the document and the field.
/// </summary>
public sealed record MalformedSource(string Origin, string What, IReadOnlyList<string> Problems)
{
    public IEnumerable<string> Lines => Problems.Select(p => $"error: {Origin}: {What}: {p}");
}
