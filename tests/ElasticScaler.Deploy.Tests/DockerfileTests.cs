using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace ElasticScaler.Deploy.Tests;

/// <summary>
/// The images, as far as a machine without a container engine can prove it: each Dockerfile's build context holds
/// what it copies, its restore layer copies exactly the projects its entry project builds from, its build stage (run
/// here as written) publishes a program that answers --help, and the service image's user, entrypoint and version
/// agree with deploy/. Two images: the service (the root Dockerfile) and the load-test CLI (loadtest/Dockerfile), the
/// image of the coordinator Job and its agent pods.
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>An image: its Dockerfile, the project it publishes, the program's file and a command that must answer.</summary>
    public sealed record Image(string Dockerfile, string Project, string Program, string[] Help, string HelpMentions)
    {
        public IReadOnlyList<Stage> Stages { get; } = Deploy.Tests.Dockerfile.Read(Repo.Path(Dockerfile));
        public Stage Build => Stages.Single(s => s.Name == "build");
        public Stage Runtime => Stages[^1];
        public override string ToString() => Dockerfile;
    }

    private static readonly Image Service = new("Dockerfile", "autoscaler/ElasticScaler.Autoscaler/ElasticScaler.Autoscaler.csproj", "elasticscaler.dll", ["run", "--help"], "--leader-elect");
    private static readonly Image LoadTest = new("loadtest/Dockerfile", "loadtest/ElasticScaler.LoadTest.Cli/ElasticScaler.LoadTest.Cli.csproj", "elasticscaler-loadtest.dll", ["agent", "--help"], "--coordinator");

    public static TheoryData<string> Images => new(Service.Dockerfile, LoadTest.Dockerfile);

    private static Image Named(string dockerfile) => dockerfile == Service.Dockerfile ? Service : LoadTest;

    private static IReadOnlyList<Stage> Stages => Service.Stages;
    private static Stage Runtime => Service.Runtime;

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_copied_path_exists_and_is_in_the_build_context(string dockerfile)
    {
        var ignore = new DockerIgnore(Repo.Path(".dockerignore"));
        foreach (var copy in Named(dockerfile).Stages.SelectMany(s => s.All("COPY")).Where(c => !c.Flags.ContainsKey("from")))
            foreach (var source in Dockerfile.Copy(copy).Sources)
            {
                var path = Repo.Path(source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such path in the repository");
                Assert.False(ignore.Excludes(source.TrimEnd('/')), $"COPY {source}: .dockerignore leaves it out of the build context");
            }
        // And the context carries no build output, which would make a layer differ from what the sources give.
        Assert.True(ignore.Excludes("autoscaler/ElasticScaler.Core/bin/Debug/net10.0/ElasticScaler.Core.dll"));
        Assert.True(ignore.Excludes("autoscaler/ElasticScaler.Service/obj/project.assets.json"));
        Assert.True(ignore.Excludes("loadtest/ElasticScaler.LoadTest/obj/project.assets.json"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_restore_layer_copies_the_props_and_exactly_the_projects_the_entry_project_builds_from_before_the_sources(string dockerfile)
    {
        var image = Named(dockerfile);
        var steps = image.Build.Instructions.ToList();
        int restore = steps.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        int sources = steps.FindIndex(i => i.Keyword == "COPY" && Dockerfile.Copy(i).Sources.Any(s => s.EndsWith('/')));
        Assert.True(restore >= 0 && sources > restore, "dotnet restore must run before the sources are copied, so its layer outlives source edits");
        var before = steps.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => Dockerfile.Copy(i).Sources).ToHashSet();
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            Assert.Contains(file, before);
        var closure = Closure(image.Project);
        Assert.Equal(closure.Order(StringComparer.Ordinal), before.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(image.Project, steps[restore].Arguments);
        // After the restore, the sources of exactly those projects' folders (or a folder holding them all).
        var copiedAfter = steps.Skip(restore).Where(i => i.Keyword == "COPY").SelectMany(i => Dockerfile.Copy(i).Sources).ToList();
        foreach (var project in closure)
            Assert.True(copiedAfter.Any(folder => folder.EndsWith('/') && project.StartsWith(folder, StringComparison.Ordinal)),
                $"{Path.GetDirectoryName(project)}/ is not copied after the restore");
    }

    [SkippableFact]
    public void The_image_runs_as_the_user_and_the_command_the_Deployment_expects()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        var objects = Kubectl.Kustomize("deploy");
        var pod = Built.One(objects, "Deployment", "elasticscaler")["spec"]!["template"]!["spec"]!;
        var user = Runtime.Last("USER")!.Arguments.Split(':');
        Assert.Equal((long?)pod["securityContext"]!["runAsUser"], long.Parse(user[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long?)pod["securityContext"]!["runAsGroup"], long.Parse(user[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual("0", user[0]);

        Assert.Equal(["dotnet", "elasticscaler.dll"], Runtime.Last("ENTRYPOINT")!.Words);
        Assert.Equal(["run"], Runtime.Last("CMD")!.Words);
        Assert.Equal("run", Built.Args(Built.Container(objects))[0]); // the Deployment's args replace CMD, so they start with the command
        Assert.Empty(Stages.SelectMany(s => s.All("HEALTHCHECK"))); // the probes check health

        // The image's version label defaults to the tag deploy/ runs.
        var version = Runtime.All("ARG").Select(a => a.Arguments.Split('=', 2)).Single(a => a[0] == "VERSION")[1];
        var image = (string)Built.Container(objects)["image"]!;
        Assert.Equal(version, image[(image.LastIndexOf(':') + 1)..]);
        var labels = string.Join(' ', Runtime.All("LABEL").Select(l => l.Arguments));
        foreach (var key in new[] { "title", "description", "source", "licenses", "version" })
            Assert.Contains($"org.opencontainers.image.{key}=", labels);
        Assert.Contains("org.opencontainers.image.version=\"${VERSION}\"", labels);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_build_stage_as_written_publishes_a_program_that_answers_help_on_a_runtime_image_with_icu_and_tzdata(string dockerfile)
    {
        var image = Named(dockerfile);
        var root = Path.Combine(Path.GetTempPath(), "es-image-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var app = Emulate(image.Build, root);
            var entrypoint = image.Runtime.Last("ENTRYPOINT")!.Words;
            Assert.Equal(["dotnet", image.Program], entrypoint);
            var copied = image.Runtime.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build");
            Assert.Equal("/app", Dockerfile.Copy(copied).Sources.Single());
            Assert.Equal("/app", image.Runtime.Last("WORKDIR")!.Arguments);
            Assert.True(File.Exists(Path.Combine(app, entrypoint[1])), $"{entrypoint[1]} is not in the published output");

            var help = Process(entrypoint[0], app, [entrypoint[1], .. image.Help]);
            Assert.True(help.Code == 0, $"{string.Join(' ', entrypoint)} {string.Join(' ', image.Help)} exited {help.Code}: {help.Output}");
            Assert.Contains(image.HelpMentions, help.Output);

            // InvariantGlobalization=false needs ICU at run time, and schedules need tzdata: the chiseled images carry
            // both only in their "extra" variant.
            var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(app, Path.ChangeExtension(image.Program, ".runtimeconfig.json"))))!;
            Assert.False((bool?)runtimeConfig["runtimeOptions"]!["configProperties"]!["System.Globalization.Invariant"] ?? false);
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", image.Runtime.Image, StringComparison.Ordinal);
            Assert.True(!image.Runtime.Image.Contains("chiseled", StringComparison.Ordinal) || image.Runtime.Image.EndsWith("-chiseled-extra", StringComparison.Ordinal),
                $"{image.Runtime.Image} has no ICU or tzdata; use the -chiseled-extra variant");
            Assert.NotEqual("0", image.Runtime.Last("USER")!.Arguments.Split(':')[0]);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void The_coordinator_Job_and_its_agents_run_the_load_test_image_as_its_entrypoint_expects()
    {
        // The agent Job passes only args (agent --index …), so the image's entrypoint must be the load-test CLI.
        Assert.Equal(["dotnet", "elasticscaler-loadtest.dll"], LoadTest.Runtime.Last("ENTRYPOINT")!.Words);
        var job = File.ReadAllText(Repo.Path("deploy/loadtest/coordinator-job.yaml"));
        Assert.Contains("image: registry.example.com/elasticscaler-loadtest:", job, StringComparison.Ordinal);
        Assert.Contains("--image=registry.example.com/elasticscaler-loadtest:", job, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs a stage's WORKDIR, COPY and RUN instructions on this machine, under <paramref name="root"/> standing for
    /// the image's /: COPY takes from the build context (the repository less .dockerignore), RUN runs in bash.
    /// Returns where /app is.
    /// </summary>
    private static string Emulate(Stage stage, string root)
    {
        var ignore = new DockerIgnore(Repo.Path(".dockerignore"));
        string Map(string absolute) => Path.Combine(root, absolute.TrimStart('/'));
        var workdir = Map("/");
        foreach (var step in stage.Instructions)
        {
            switch (step.Keyword)
            {
                case "WORKDIR":
                    workdir = Map(step.Arguments);
                    Directory.CreateDirectory(workdir);
                    break;
                case "COPY":
                    var (sources, destination) = Dockerfile.Copy(step);
                    var target = destination.StartsWith('/') ? Map(destination) : Path.Combine(workdir, destination);
                    foreach (var source in sources) CopyFromContext(source, target, ignore);
                    break;
                case "RUN":
                    // Absolute paths of the image become paths under root; everything else is the command as written.
                    var command = System.Text.RegularExpressions.Regex.Replace(step.Arguments, @"(?<=\s)/(app|src)\b", m => Map(m.Value));
                    var run = Process("bash", workdir, ["-c", command]);
                    Assert.True(run.Code == 0, $"RUN {step.Arguments} exited {run.Code}:\n{run.Output}");
                    break;
                case "ARG" or "ENV" or "LABEL":
                    break;
                default:
                    throw new NotSupportedException($"the build stage's {step.Keyword} is not emulated; teach this test what it means");
            }
        }
        return Map("/app");
    }

    private static void CopyFromContext(string source, string target, DockerIgnore ignore)
    {
        var from = Repo.Path(source.TrimEnd('/'));
        if (File.Exists(from))
        {
            var into = target.EndsWith('/') || Directory.Exists(target) ? Path.Combine(target, Path.GetFileName(from)) : target;
            Directory.CreateDirectory(Path.GetDirectoryName(into)!);
            File.Copy(from, into, overwrite: true);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (ignore.Excludes(relative)) continue;
            var into = Path.Combine(target, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(into)!);
            File.Copy(file, into, overwrite: true);
        }
    }

    /// <summary>A project and every project it references, repository-relative.</summary>
    private static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var p))
        {
            if (!seen.Add(p)) continue;
            var dir = Path.GetDirectoryName(Repo.Path(p))!;
            foreach (var reference in XDocument.Load(Repo.Path(p)).Descendants("ProjectReference"))
                queue.Enqueue(Path.GetRelativePath(Repo.Root, Path.GetFullPath(Path.Combine(dir, reference.Attribute("Include")!.Value.Replace('\\', '/')))).Replace('\\', '/'));
        }
        return seen;
    }

    private static (int Code, string Output) Process(string program, string workdir, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The build sees the SDK as the image's would: no MSBuild state inherited from the test run.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(key);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
