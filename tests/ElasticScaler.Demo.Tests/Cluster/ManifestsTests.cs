using ElasticScaler.Demo.Cluster;

namespace ElasticScaler.Demo.Tests.Cluster;

/// <summary>deploy/ read as kustomize and kubectl read it.</summary>
public sealed class ManifestsTests
{
    [Fact]
    public void The_base_lists_the_crd_rbac_and_manager_folders_files_in_order()
    {
        var files = Manifests.KustomizationFiles(Path.Combine(Repo.Root, "deploy", "base"))
            .Select(f => Path.GetRelativePath(Path.Combine(Repo.Root, "deploy"), f)).ToList();

        Assert.Equal("crd/elasticscalers.autoscaling.elasticscaler.io.yaml", files[0]);
        Assert.Contains("rbac/cluster-role.yaml", files);
        Assert.Contains("manager/deployment.yaml", files);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(Repo.Root, "deploy", f)), f));
    }

    [Fact]
    public void Plain_scalars_take_their_types_and_quoted_ones_stay_strings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"m-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "a: 22\nb: \"22\"\nc: true\nd: 0.5\ne: ~\n---\n---\nf: x\n");
        try
        {
            var docs = Manifests.Read(path);

            Assert.Equal(2, docs.Count);
            Assert.Equal(22, (long)docs[0]["a"]!);
            Assert.Equal("22", (string)docs[0]["b"]!);
            Assert.True((bool)docs[0]["c"]!);
            Assert.Equal(0.5, (double)docs[0]["d"]!);
            Assert.Null(docs[0]["e"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
