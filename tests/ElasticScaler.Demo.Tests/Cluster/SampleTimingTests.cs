using System.Text.Json.Nodes;
using CsCheck;
using ElasticScaler.Demo.Cluster;

namespace ElasticScaler.Demo.Tests.Cluster;

/// <summary>The seed's sample under the demo's time scale: its windows in seconds divided, nothing else touched.</summary>
public sealed class SampleTimingTests
{
    private static JsonObject Sample() =>
        Manifests.Read(Path.Combine(Repo.Root, "deploy", "samples", "wordpress-elasticscaler.yaml")).Single();

    [Fact]
    public void The_seeds_windows_are_divided_by_the_time_scale_and_rounded_up()
    {
        var (scaled, changes) = SampleTiming.Apply(Sample(), 10.0 / 3);

        Assert.Equal(
            [new TimingChange("spec.behavior.scaleDown.stabilizationWindowSeconds", 300, 90),
             new TimingChange("spec.placement.pendingTimeoutSeconds", 20, 6),
             new TimingChange("spec.placement.drainBack.afterSeconds", 300, 90)],
            changes);
        Assert.Equal(90, (long)scaled["spec"]!["behavior"]!["scaleDown"]!["stabilizationWindowSeconds"]!);
    }

    [Fact]
    public void At_time_scale_1_the_sample_is_applied_as_written()
    {
        var sample = Sample();

        var (scaled, changes) = SampleTiming.Apply(sample, 1);

        Assert.Empty(changes);
        Assert.True(JsonNode.DeepEquals(sample, scaled));
    }

    [Fact]
    public void Only_the_windows_change_and_none_falls_below_one_second()
    {
        Gen.Double[1, 60].Sample(scale =>
        {
            var sample = Sample();
            var (scaled, changes) = SampleTiming.Apply(sample, scale);
            Assert.All(changes, c => Assert.InRange(c.To, 1, c.From));
            foreach (var c in changes)
            {
                var path = c.Field.Split('.');
                JsonNode? node = scaled;
                foreach (var key in path[..^1])
                    node = node![key];
                node!.AsObject()[path[^1]] = c.From;
            }
            Assert.True(JsonNode.DeepEquals(sample, scaled));
        });
    }
}
