using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>One object as read, and where from: "hpa.yaml, document 2", "stdin, document 1", "cluster".</summary>
public sealed record SourceDocument(string Origin, JsonObject Object);
