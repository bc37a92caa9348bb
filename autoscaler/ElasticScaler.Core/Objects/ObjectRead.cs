namespace ElasticScaler.Core.Objects;

/// <summary>
/// One Kubernetes object read into the engine's terms, or every problem found in it ("path: value: why").
/// <see cref="Value"/> is null whenever there is an error, so a half-read object never reaches a decision.
/// </summary>
public sealed record ObjectRead<T>(T? Value, IReadOnlyList<string> Errors)
{
    public bool Success => Value is not null && Errors.Count == 0;
}
