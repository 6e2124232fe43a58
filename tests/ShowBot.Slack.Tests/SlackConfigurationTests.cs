using Microsoft.Extensions.Options;

using ShowBot.Slack.Tests.Fakes;

namespace ShowBot.Slack.Tests;

public sealed class SlackConfigurationTests : FakeSlackTest
{
    [Theory]
    [InlineData("BotToken", "", "ShowBot:Slack:BotToken")]
    [InlineData("BotToken", "xoxp-user-token-secret1", "ShowBot:Slack:BotToken")]
    [InlineData("BotToken", "xapp-1-app-token-secret2", "ShowBot:Slack:BotToken")]
    [InlineData("AppToken", "", "ShowBot:Slack:AppToken")]
    [InlineData("AppToken", "xoxb-bot-token-secret3", "ShowBot:Slack:AppToken")]
    [InlineData("ApiBaseUrl", "https://slack.com/api", "ShowBot:Slack:ApiBaseUrl")]
    [InlineData("AckBudget", "00:00:05", "ShowBot:Slack:AckBudget")]
    public async Task A_missing_or_malformed_setting_refuses_to_start_naming_it_without_echoing_the_value(string setting, string value, string named)
    {
        await using var bot = SlackBot.Create(Fake, Data.DatabasePath, s => s["ShowBot:Slack:" + setting] = value);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(bot.StartAsync);

        var message = string.Join("\n", error.Failures);
        Assert.Contains(named, message, StringComparison.Ordinal);
        if (value.Length > 0 && setting.EndsWith("Token", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(value, message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        }

        Assert.Empty(Fake.Calls);
    }
}
