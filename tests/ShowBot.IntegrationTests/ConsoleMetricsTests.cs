namespace ShowBot.IntegrationTests;

/// <summary>What the console chat prints for a terminal carries no chat-platform mention guard.</summary>
public class ConsoleMetricsTests
{
    [Fact]
    public async Task Status_and_models_in_the_console_write_metrics_as_recall_at_20_without_a_zero_width_space()
    {
        using var data = new TempDirectory();
        await LifecycleChatTests.WithDeployedFirstModelAsync(data);
        var settings = new Dictionary<string, string?> { ["ShowBot:Retraining:MinLikes"] = "100", ["ShowBot:Retraining:Candidates:0"] = "item-knn" };

        var (exitCode, output, errors) = await ShowBotProcess.RunAsync(data, settings, ["/showbot status", "/showbot models"], "chat");

        Assert.True(exitCode == 0, errors);
        Assert.Matches(@"(recall|ndcg)@\d+", output);
        Assert.DoesNotContain('\u200B', output);
    }
}
