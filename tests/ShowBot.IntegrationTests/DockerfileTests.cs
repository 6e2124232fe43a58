namespace ShowBot.IntegrationTests;

/// <summary>No Docker engine runs here, so the Dockerfile is checked by reading it.</summary>
public class DockerfileTests
{
    private static readonly string RepositoryRoot = RepositoryPaths.Root;
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "Dockerfile"))
        .Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0)
        .ToArray();

    [Fact]
    public void It_builds_in_one_stage_and_runs_in_another_as_a_non_root_user()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("/sdk:", stages[0], StringComparison.Ordinal);
        // The ASP.NET Core runtime image, because Slack's HTTP mode runs Kestrel; the plain runtime image lacks it.
        Assert.Contains("/aspnet:", stages[1], StringComparison.Ordinal);

        var runtime = Lines.SkipWhile(l => l != stages[1]).ToList();
        var user = runtime.FindIndex(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user > 0, "the runtime stage sets no USER");
        Assert.NotEqual("root", runtime[user]["USER ".Length..].Trim());
        Assert.True(user < runtime.FindIndex(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Contains("COPY --from=build", string.Join("\n", runtime), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_lives_in_a_volume_that_the_database_setting_points_into()
    {
        Assert.Contains("VOLUME /data", Lines);
        Assert.Contains(Lines, l => l.Contains("ShowBot__Storage__DatabasePath=/data/", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_path_it_copies_from_the_repository_exists_and_every_project_the_bot_needs_is_restored()
    {
        var sources = Lines
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.All(sources, source => Assert.True(
            File.Exists(Path.Combine(RepositoryRoot, source)) || Directory.Exists(Path.Combine(RepositoryRoot, source)),
            $"COPY {source}: no such file in the repository"));
        var shippedProjects = Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryRoot, p).Replace('\\', '/'));
        Assert.All(shippedProjects, project => Assert.Contains(project, sources));
    }
}
