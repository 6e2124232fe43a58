using Microsoft.Extensions.DependencyInjection;

using ShowBot.Core.Lifecycle;
using ShowBot.Hosting;
using ShowBot.Storage.Tests;

namespace ShowBot.IntegrationTests;

/// <summary>The real executable started on a database file damaged as a bad disk or a careless copy leaves it.</summary>
public class DamagedDatabaseTests
{
    private static Dictionary<string, string?> Settings(TempDirectory data) => new()
    {
        ["ShowBot:Storage:DatabasePath"] = data.DatabasePath,
        ["ShowBot:Retraining:MinLikes"] = "100",
        ["ShowBot:Retraining:Candidates:0"] = "item-knn",
    };

    /// <summary>Seeded ratings, and v1 and v2 (one like more, so an artifact of its own) trained and deployed (v2 serving), in a closed file.</summary>
    private static async Task WithTwoModelsAsync(TempDirectory data)
    {
        RetrainScheduleTests.SeedRatings(data.DatabasePath, 100, DateTimeOffset.UtcNow);
        var builder = ShowBotHost.CreateBuilder(Settings(data));
        builder.Services.AddShowBotStorage(builder.Configuration).AddShowBotCore(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var models = host.Services.GetRequiredService<IModelStore>();
        await Eventually.TrueAsync(() => models.Deployed?.Version == "v1", patience: TimeSpan.FromSeconds(60));
        RetrainScheduleTests.LikeOneMore(host.Services, DateTimeOffset.UtcNow);
        Assert.Equal(RetrainResult.Deployed, (await RetrainScheduleTests.RetrainWhenFreeAsync(host.Services.GetRequiredService<ModelLifecycle>())).Result);
        Assert.Equal("v2", models.Deployed?.Version);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_flipped_byte_in_a_model_artifact_page_header_starts_the_bot_on_the_content_model_and_names_the_damaged_versions()
    {
        using var data = new TempDirectory();
        await WithTwoModelsAsync(data);
        PageDamage.FlipHeaderBytes(data.DatabasePath, "_model_chunks");

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, Settings(data), ["/recommend Breaking Bad", "/showbot status"], "chat");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("[#1] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        Assert.Contains("Serving: content", output, StringComparison.Ordinal);
        Assert.Contains("Model v2 has a damaged artifact and will not serve", errors, StringComparison.Ordinal);
        Assert.Contains("Found damage in the model artifacts (collection '_model_chunks')", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_artifact_of_the_serving_version_leaves_the_intact_earlier_version_serving()
    {
        using var data = new TempDirectory();
        await WithTwoModelsAsync(data);
        PageDamage.FlipByteAfter(data.DatabasePath, "_model_chunks", RetrainScheduleTests.ArtifactOf(data.DatabasePath, "v2"), distance: 200);

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, Settings(data), ["/showbot status", "/showbot models"], "chat");

        Assert.True(exitCode == 0, errors);
        Assert.True(output.Contains("Serving: v1 (item-knn)", StringComparison.Ordinal), output + errors);
        Assert.Contains("Serving: v1 (item-knn)", output, StringComparison.Ordinal);
        Assert.Matches(@"v2 +corrupt", output);
        Assert.Contains("Model v2 has a damaged artifact and will not serve", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4_096)]
    [InlineData(245_760)]
    public async Task A_truncated_file_is_refused_with_exit_code_7_and_one_line_not_opened_empty(int length)
    {
        using var data = new TempDirectory();
        await WithTwoModelsAsync(data);
        using (var file = File.Open(data.DatabasePath, FileMode.Open))
        {
            file.SetLength(length);
        }

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(data, Settings(data), ["/recommend Breaking Bad"], "chat");

        Assert.Equal(7, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ShowBot cannot start: The database '{data.DatabasePath}' is damaged:", line, StringComparison.Ordinal);
        Assert.Contains("truncated", line, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(data.DatabasePath).Length);
    }

    [Fact]
    public async Task A_garbage_file_is_named_in_one_line_without_a_stack_trace()
    {
        using var data = new TempDirectory();
        await File.WriteAllBytesAsync(data.DatabasePath, Enumerable.Range(0, 40 * 8192).Select(i => (byte)(i * 7919 % 253)).ToArray());

        var (exitCode, _, errors) = await ShowBotProcess.RunAsync(data, Settings(data), ["/recommend Breaking Bad"], "chat");

        Assert.Equal(7, exitCode);
        Assert.Contains("its header page is not a LiteDB 5 header", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flipped_bytes_in_ratings_pages_leave_recommend_answered_and_say_ratings_cannot_be_saved_or_read_for_a_group()
    {
        using var data = new TempDirectory();
        await WithTwoModelsAsync(data);
        PageDamage.FlipHeaderBytes(data.DatabasePath, "ratings", count: 16);

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, Settings(data), ["/recommend Breaking Bad", "/react 1 1", "/recommend The Wire", "/together bob, cem"], "chat");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("[#1] Because you like Breaking Bad:", output, StringComparison.Ordinal);
        Assert.Contains("[#2] Because you like The Wire:", output, StringComparison.Ordinal);
        Assert.Contains("Your ratings can't be read or saved right now", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("Sorry — that can't be done right now: part of the database is damaged (the ratings).").Length - 1);
        Assert.Contains("Found damage in the ratings (collection 'ratings')", errors, StringComparison.Ordinal);
        Assert.False(errors.Contains("   at ", StringComparison.Ordinal), errors);
    }

    [Fact]
    public async Task Check_names_the_damaged_collection_and_exits_1_and_0_when_healthy()
    {
        using var data = new TempDirectory();
        await WithTwoModelsAsync(data);
        var healthy = await ShowBotProcess.RunAsync(data, Settings(data), "check");
        PageDamage.FlipHeaderBytes(data.DatabasePath, "ratings", count: 16);

        var damaged = await ShowBotProcess.RunAsync(data, Settings(data), "check");

        Assert.Equal(0, healthy.ExitCode);
        Assert.Contains("No damage found.", healthy.Output, StringComparison.Ordinal);
        Assert.Matches(@"artifacts/[0-9a-f]{64} +OK +artifact of v2 loads", healthy.Output);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Matches(@"ratings +DAMAGED", damaged.Output);
        Assert.Matches(@"shows +OK +1,7\d\d document", damaged.Output);
        Assert.Contains("Damage found in the ratings.", damaged.Output, StringComparison.Ordinal);
    }
}
