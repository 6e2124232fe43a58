using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using ShowBot.Core.Lifecycle;
using ShowBot.Hosting;

namespace ShowBot.IntegrationTests;

/// <summary>
/// <c>ShowBot:Retraining:Candidates</c> over the shipped appsettings.json: like <c>Roles</c>, an array or one
/// comma-separated value, and an array set over the default replaces it whole.
/// </summary>
public class RetrainingCandidatesTests
{
    [Theory]
    [InlineData("", "ease,ials")]
    [InlineData("ShowBot:Retraining:Candidates=item-knn, ials", "item-knn,ials")]
    // Configuration merges arrays index by index: read as an array over an array default, this was item-knn and ials.
    [InlineData("ShowBot:Retraining:Candidates:0=item-knn", "item-knn")]
    [InlineData("ShowBot:Retraining:Candidates:0=popularity|ShowBot:Retraining:Candidates:1=ease", "popularity,ease")]
    public void The_candidates_are_an_array_or_one_comma_separated_value_and_an_array_replaces_the_default(string settings, string candidates)
    {
        var builder = ShowBotHost.CreateBuilder(InlineSettings.Parse(settings));
        builder.Services.AddShowBotLifecycle(builder.Configuration, trains: false);
        using var services = builder.Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<RetrainingOptions>>().Value;

        Assert.Equal(candidates, string.Join(",", options.EffectiveCandidates));
    }
}
