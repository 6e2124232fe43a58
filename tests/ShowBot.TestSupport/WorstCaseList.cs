using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;

namespace ShowBot.TestSupport;

/// <summary>
/// The longest suggestion list ShowBot can make, of the text that grows most when escaped: ten suggestions with
/// 200-character titles of Markdown, mrkdwn, mention and link characters, 300-character premises, long explanations
/// and notes. Suggestion <c>n</c> is the show <c>tt900000n</c> (n = 10: <c>tt9000010</c>).
/// </summary>
public static class WorstCaseList
{
    public const int TitleLength = 200;
    public const int PremiseLength = 300;

    private const string Markup = "*_~`|[x](https://evil.example/)#<@123>@everyone<!here>&amp;\\>";

    public static SuggestionsReply Reply { get; } = Build();

    /// <summary>The IMDb page suggestion <paramref name="number"/> must link to.</summary>
    public static string ImdbPage(int number) => $"https://www.imdb.com/title/{Id(number)}/";

    private static string Id(int number) => $"tt{9_000_000 + number}";

    private static SuggestionsReply Build()
    {
        var liked = Show(0);
        var items = Enumerable.Range(1, 10).Select(n => new Suggestion(n, Show(n), liked)
        {
            Why = [Fill($"reason {n} ", 400), Fill("also ", 400)],
            Premise = Fill($"premise {n} ", PremiseLength),
        });
        return new SuggestionsReply([.. items], [liked])
        {
            Notes = [Fill("I couldn't find \"", 300), Fill("note two ", 300), Fill("note three ", 300)],
            Asked = Fill("asked ", 300),
        };
    }

    private static Show Show(int number) =>
        new(Id(number), Fill($"{number} ", TitleLength), 2001, 2011, ["Drama", "Crime", "Thriller"]);

    private static string Fill(string start, int length) => string.Concat(start, string.Concat(Enumerable.Repeat(Markup, length / Markup.Length + 1)))[..length];
}
