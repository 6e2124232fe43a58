using System.Text.RegularExpressions;

using Microsoft.Extensions.Configuration;

using ShowBot.Verbs;

namespace ShowBot.IntegrationTests;

/// <summary>No Docker engine runs here, so the Dockerfile is checked by reading it.</summary>
public partial class DockerfileTests
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

    [Fact]
    public void The_build_context_leaves_out_the_hosts_build_output_databases_and_tests()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot, ".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        // `COPY src/ src/` would otherwise bring the host's obj/ over the restore the image just made.
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("data/", ignored);
        Assert.Contains("**/*.db", ignored);
        Assert.Contains("tests/", ignored);
        Assert.DoesNotContain(ignored, l => l is "src/" or "config/" or "global.json" or "Directory.Packages.props" or "Directory.Build.props");
    }

    [Fact]
    public void It_exposes_the_ports_of_the_http_modes_of_Slack_and_Discord_and_its_health_check_runs_a_real_verb_in_the_runtime_stage()
    {
        var runtime = Lines.SkipWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).Skip(1).SkipWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot, "config", "appsettings.json")).Build();

        var slack = new Uri(settings["ShowBot:Slack:HttpUrl"]!);
        var discord = new Uri(settings["ShowBot:Discord:HttpUrl"]!);
        Assert.Contains($"EXPOSE {slack.Port}", runtime);
        Assert.Contains($"EXPOSE {discord.Port}", runtime);
        Assert.NotEqual(slack.Port, discord.Port);
        var healthCheck = Assert.Single(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var command = HealthCommand().Match(healthCheck);
        Assert.True(command.Success, healthCheck);
        Assert.Contains(ShowBotCommandLine.Create().Subcommands, c => c.Name == command.Groups["verb"].Value);
    }

    [Fact]
    public void The_READMEs_docker_commands_use_real_verbs_and_settings()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## Docker\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var commands = CodeBlock().Matches(section)
            .SelectMany(block => block.Groups["code"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .Select(line => line.Split(" #")[0].Trim())
            .Where(line => line.StartsWith("docker run", StringComparison.Ordinal) || line.StartsWith("docker exec", StringComparison.Ordinal))
            .ToList();
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot, "config", "appsettings.json")).Build();
        var verbs = ShowBotCommandLine.Create().Subcommands.ToDictionary(c => c.Name);

        Assert.Contains(commands, c => c.Contains("-v showbot-data:/data", StringComparison.Ordinal) && c.Contains(" import ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("-v showbot-data:/data", StringComparison.Ordinal) && c.EndsWith(" train", StringComparison.Ordinal));
        Assert.Contains("chown 1654:1654", section, StringComparison.Ordinal);
        foreach (var command in commands)
        {
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var setting in words.Where((_, i) => i > 0 && words[i - 1] == "-e").Select(w => w.Split('=')[0]))
            {
                Assert.True(settings.GetSection(setting.Replace("__", ":", StringComparison.Ordinal)).Exists(), $"{command}: {setting} is not a setting");
            }

            var image = command.StartsWith("docker exec", StringComparison.Ordinal)
                ? Array.IndexOf(words, "/app/showbot.dll")
                : Array.FindLastIndex(words, w => w == "showbot");
            var verb = words.Skip(image + 1).FirstOrDefault() ?? "run";
            Assert.True(verbs.TryGetValue(verb, out var found), $"{command}: no verb {verb}");
            if (found.Subcommands.Count > 0)
            {
                Assert.Contains(found.Subcommands, c => c.Name == words[image + 2]);
            }
        }
    }

    [GeneratedRegex(@"CMD \[""dotnet"", ""/app/showbot\.dll"", ""(?<verb>[a-z-]+)""\]$")]
    private static partial Regex HealthCommand();

    [GeneratedRegex(@"```sh\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}

/// <summary>No Docker engine (nor compose) runs here, so the compose file is checked by reading it, as the Dockerfile is.</summary>
public class ComposeFileTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));

    [Fact]
    public void Two_nodes_of_the_image_share_one_PostgreSQL_database_each_under_a_name_of_its_own()
    {
        Assert.Contains("image: postgres:", Compose, StringComparison.Ordinal);
        Assert.Contains("build: .", Compose, StringComparison.Ordinal);
        Assert.Contains("ShowBot__Storage__Provider: Postgres", Compose, StringComparison.Ordinal);
        Assert.Matches(@"ConnectionStrings__ShowBot: Host=db;[^\n]*Password=\$\{POSTGRES_PASSWORD\}", Compose);
        Assert.Equal(["node-a", "node-b"], NodeNames());
        // Each node waits for the database, whose own health check says when it takes connections.
        Assert.Contains("condition: service_healthy", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_secrets_come_from_the_environment_and_each_node_publishes_the_port_the_image_exposes_for_Discord()
    {
        // A key holding a secret (a password, the bot token, the public key) takes its value only from ${…}.
        Assert.Equal(3, Regex.Count(Compose, @"(?m)^\s+\w*(PASSWORD|Token|PublicKey):\s*\$\{"));
        Assert.DoesNotMatch(@"(?m)^\s+\w*(PASSWORD|Token|PublicKey):\s*(?!\$\{)\S", Compose);
        var exposed = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "Dockerfile")).Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Select(l => l[7..].Trim());
        var published = Regex.Matches(Compose, "- \"(\\d+):(\\d+)\"").Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(2, published.Count);
        Assert.All(published, port => Assert.Contains(port, exposed));
        Assert.Contains("ShowBot__Discord__Interactions: Http", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_node_runs_its_own_gateway_shard_of_the_same_count()
    {
        Assert.Equal(["0", "1"], [.. Regex.Matches(Compose, "ShowBot__Discord__Shards: (\\S+)").Select(m => m.Groups[1].Value)]);
        Assert.Equal(["2"], [.. Regex.Matches(Compose, "ShowBot__Discord__ShardCount: (\\S+)").Select(m => m.Groups[1].Value)]);
    }

    private static List<string> NodeNames() =>
        [.. Regex.Matches(Compose, "ShowBot__Storage__NodeName: (\\S+)").Select(m => m.Groups[1].Value)];
}
