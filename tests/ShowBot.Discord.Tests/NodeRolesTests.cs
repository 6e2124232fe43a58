using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using ShowBot.Core.Requests;
using ShowBot.Discord.Http;
using ShowBot.Discord.Tests.Fakes;

namespace ShowBot.Discord.Tests;

/// <summary>
/// Nodes of one PostgreSQL database with some of the roles (<c>ShowBot:Roles</c>): a node runs only the hosted
/// services of its roles, and what one node accepts another answers.
/// </summary>
public sealed class NodeRolesTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [SkippableFact]
    public async Task A_recommend_the_ingress_node_accepts_waits_in_the_queue_until_a_worker_node_answers_it_through_REST()
    {
        using var schema = new TestPostgres.Schema();
        await using var discord = await FakeDiscord.StartAsync();
        await using var ingress = await StartNodeAsync(discord, schema, "ingress", new Dictionary<string, string?>
        {
            ["ShowBot:Discord:Interactions"] = "Http",
            ["ShowBot:Discord:PublicKey"] = discord.PublicKey,
            ["ShowBot:Discord:HttpUrl"] = "http://127.0.0.1:0/discord/interactions",
        });
        discord.InteractionsEndpoint = await ingress.Services.GetRequiredService<DiscordHttpService>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

        var (id, token, _) = await discord.SendCommandAsync("recommend", [SlashCommandTests.Option("show", "Breaking Bad"), SlashCommandTests.Option("count", 3)]);

        Assert.Equal((id, """{"type":5}"""), discord.EndpointResponses.Select(r => (r.InteractionId, r.Body)).Single());
        var queue = ingress.Services.GetRequiredService<IPredictionQueue>();
        await Eventually.TrueAsync(() => queue.CountOutstanding("discord") == 1, "the request queued");
        // Nothing on the ingress node claims it: it has no worker.
        Assert.DoesNotContain(ingress.Services.GetServices<IHostedService>(), s => s is PredictionWorker);

        await using var worker = await StartNodeAsync(discord, schema, "worker");

        var reply = await discord.LastAsync("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/{token}/messages/@original", 1);
        Assert.Equal("Because you like Breaking Bad", reply.Json.GetProperty("embeds")[0].GetProperty("title").GetString());
        // The worker node adds the list's number reactions, though it has no gateway.
        await Eventually.TrueAsync(() => discord.RequestsTo("PUT", "/reactions/").Count() == 3, "three number reactions");
        // "Answered" is logged once the list is stored, which the reactions, sent from their own queue, do not wait for.
        await Eventually.TrueAsync(() => worker.Logs.Contains(101), "the worker node logs the request answered");
        Assert.DoesNotContain(ingress.Logs.Lines, l => l.EventId == 101);
        Assert.DoesNotContain(worker.Services.GetServices<IHostedService>(), s => s is DiscordHttpService);
        // No allow-list is set: the node that takes the commands warns that any server manager is an admin; the worker takes none.
        Assert.Contains(ingress.Logs.Lines, l => l.EventId == 1507);
        Assert.DoesNotContain(worker.Logs.Lines, l => l.EventId == 1507);
        // Neither node has the gateway role: neither runs the gateway connection.
        Assert.DoesNotContain(ingress.Services.GetServices<IHostedService>().Concat(worker.Services.GetServices<IHostedService>()), s => s is DiscordBot);
    }

    private Task<DiscordBotHost> StartNodeAsync(FakeDiscord discord, TestPostgres.Schema schema, string role, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["ShowBot:Storage:Provider"] = "Postgres";
        settings["ConnectionStrings:ShowBot"] = schema.ConnectionString;
        settings["ShowBot:Storage:NodeName"] = role;
        settings["ShowBot:Roles"] = role;
        return DiscordBotHost.StartAsync(discord, data.DatabasePath, settings);
    }
}
