using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Ratings;
using ShowBot.Core.Requests;

namespace ShowBot.Storage.Tests;

internal static class Users
{
    public static readonly UserKey Jonas = new("discord", "80351110224678912");
    public static readonly UserKey Martha = new("discord", "168274283414421504");
    public static readonly UserKey Ulrich = new("slack", "T024BE7LD/U024BE7LH");
}

internal static class Shows
{
    public static readonly Show BreakingBad = new("tt0903747", "Breaking Bad", 2008, 2013, ["Crime", "Drama", "Thriller"], 9.5, 2_312_457)
    {
        Aliases = ["BB"],
    };

    public static readonly Show Dark = new("tt5753856", "Dark", 2017, 2020, ["Crime", "Drama", "Mystery"], 8.7, 484_120);

    public static readonly Show AttackOnTitan = new("tt2560140", "Attack on Titan", 2013, 2023, ["Action", "Adventure", "Animation"], 9.1, 576_334)
    {
        Aliases = ["進撃の巨人", "Shingeki no Kyojin"],
    };

    public static readonly Show MoneyHeist = new("tt6468322", "La casa de papel", 2017, 2021, ["Action", "Crime", "Drama"], 8.2, 538_921)
    {
        Aliases = ["Money Heist", "Haus des Geldes", "Бумажный дом"],
    };

    public static readonly Show RickAndMorty = new("tt2861424", "Rick and Morty", 2013, null, ["Adventure", "Animation", "Comedy"], 9.1, 627_870);

    /// <summary>Announced, not aired: no years, no genres, no rating yet.</summary>
    public static readonly Show Announced = new("tt31806037", "Zoë’s Café — Šibenik", null, null, [], null, null);
}

/// <summary>/recommend commands as the adapters queue them.</summary>
internal static class Queued
{
    public static readonly IReadOnlyCollection<string> DiscordOnly = ["discord"];

    /// <summary>When the first test request was accepted; later ones are accepted minutes after.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 19, 30, 0, TimeSpan.Zero);

    public static PredictionRequest Discord(string interactionId, DateTimeOffset acceptedAt) => new(
        interactionId,
        Users.Jonas,
        [Shows.BreakingBad.Id, Shows.Dark.Id],
        5,
        new ReplyTarget("discord", $$"""{"application":"1187000000000000000","interaction":"{{interactionId}}","token":"aW50ZXJhY3Rpb246MTE4NzM0"}"""),
        acceptedAt);

    /// <summary>Queues <paramref name="count"/> Discord commands accepted a second apart; returns their keys, oldest first.</summary>
    public static List<string> Many(IPredictionQueue queue, int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"11873426{i:00000000000}").ToList();
        for (var i = 0; i < count; i++)
        {
            queue.TryEnqueue(Discord(keys[i], Monday.AddSeconds(i)));
        }

        return keys;
    }

    public static PredictionRequest Slack(string envelopeId, DateTimeOffset acceptedAt) => new(
        envelopeId,
        Users.Ulrich,
        [Shows.AttackOnTitan.Id],
        3,
        new ReplyTarget("slack", """{"response_url":"https://hooks.slack.com/commands/T024BE7LD/3412/B8fk2","channel":"C024BE91L"}"""),
        acceptedAt);
}
