namespace ElasticScaler.Demo.Tests.EndToEnd;

/// <summary>The demo runs take the machine's cores for a while: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection
{
    public const string Name = "demo processes";
}
