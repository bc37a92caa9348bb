namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// A source field that did not carry over as it was, or carried over with a meaning a person should check:
/// a stderr line naming the source and the field, and a YAML comment where the field would go. Any note
/// makes <c>import</c> exit 1.
/// </summary>
public sealed record ImportNote(SourceRef Source, string Field, string Message)
{
    /// <summary>The stderr line: "note: HorizontalPodAutoscaler shop/web: spec.metrics[1]: why".</summary>
    public string Line => $"note: {Source}: {Field}: {Message}";
}

/// <summary>
/// A comment at a place of the output. <see cref="Path"/> is relative to where it is attached (a part's
/// spec, or a window); <see cref="Note"/> is set when it is also a note for a person.
/// </summary>
public sealed record Remark(string Path, string Text, ImportNote? Note = null)
{
    public static Remark Of(string path, ImportNote note) => new(path, $"{note.Source.Kind} {note.Source.Name} {note.Field}: {note.Message}", note);
}
