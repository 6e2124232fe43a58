using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Commands;

/// <summary>/recommend with words instead of titles, and browsing a genre, on the built-in catalog as a new user meets it.</summary>
public class RequestsInWordsTests
{
    private static readonly ShowCatalog BuiltIn = new(CatalogCsv.BuiltIn());

    private static async Task<(TextReply Ack, SuggestionsReply List)> AskAsync(string text, string? genre = null)
    {
        using var core = new CoreFixture(catalog: BuiltIn);
        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", text) with { Genre = genre });
        Assert.True(result.Queued, Assert.IsType<TextReply>(result.Reply).Text);
        var request = core.Queue.TryClaimNext(core.Time.GetUtcNow(), ["test"])!;

        await core.Answerer.AnswerAsync(request, CancellationToken.None);

        return (Assert.IsType<TextReply>(result.Reply), Assert.IsType<SuggestionsReply>(Assert.Single(core.Chat.Sent).Reply));
    }

    private static ShowFacts Facts(Suggestion item) => ShowKnowledge.BuiltIn.Find(item.Show.Id)!;

    [Fact]
    public async Task Something_like_severance_but_funnier_keeps_severance_and_asks_for_comedy()
    {
        var (ack, list) = await AskAsync("something like Severance but funnier");

        Assert.Equal("Looking for shows like Severance (comedy)…", ack.Text);
        Assert.Equal("Because you like Severance — comedy", list.Heading);
        Assert.Equal(5, list.Items.Count);
        Assert.All(list.Items, i => Assert.Contains("Comedy", i.Show.Genres));
        Assert.All(list.Items, i => Assert.StartsWith("because you liked Severance: ", i.Explanation, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cozy_british_murder_mystery_finds_shows_with_all_three()
    {
        var (_, list) = await AskAsync("a cozy British murder mystery");

        Assert.Equal("Shows that fit: cozy, British, murder mystery", list.Heading);
        Assert.All(list.Items, i =>
        {
            Assert.Contains("cozy", Facts(i).Tags);
            Assert.Contains("murder-mystery", Facts(i).Tags);
            Assert.Equal("GB", Facts(i).Countries[0]);
            Assert.Equal("fits: cozy, British, murder mystery", i.Explanation);
        });
    }

    [Fact]
    public async Task A_crime_drama_with_a_strong_female_lead_lists_crime_dramas_led_by_women()
    {
        var (_, list) = await AskAsync("a crime drama with a strong female lead");

        Assert.Equal("Shows that fit: crime, drama, female led", list.Heading);
        Assert.Equal(5, list.Items.Count);
        Assert.All(list.Items, i =>
        {
            Assert.Contains("female-led", Facts(i).Tags);
            Assert.Contains("Crime", i.Show.Genres);
            Assert.Contains("Drama", i.Show.Genres);
        });
    }

    [Fact]
    public async Task Something_like_breaking_bad_with_a_female_lead_keeps_breaking_bad_and_asks_for_a_woman_in_the_lead()
    {
        var (ack, list) = await AskAsync("something like Breaking Bad with a female lead");

        Assert.Equal("Looking for shows like Breaking Bad (female led)…", ack.Text);
        Assert.All(list.Items, i =>
        {
            Assert.Contains("female-led", Facts(i).Tags);
            Assert.StartsWith("because you liked Breaking Bad: ", i.Explanation, StringComparison.Ordinal);
        });
        Assert.Contains(list.Items, i => Facts(i).Tags.Contains("drugs"));
    }

    [Fact]
    public async Task Stephen_king_adaptations_lists_shows_adapted_from_his_books()
    {
        var (_, list) = await AskAsync("Stephen King adaptations");

        Assert.Equal("Shows that fit: Stephen King", list.Heading);
        Assert.Equal(5, list.Items.Count);
        Assert.All(list.Items, i => Assert.Contains("Stephen King", Facts(i).Sources));
    }

    [Fact]
    public async Task An_actor_is_understood_by_full_name_and_brings_the_shows_they_are_in()
    {
        var (_, list) = await AskAsync("something with Hugh Laurie");

        Assert.Equal("Shows that fit: Hugh Laurie", list.Heading);
        Assert.Equal("tt0412142", list.Items[0].Show.Id); // House, his best known
        Assert.All(list.Items, i => Assert.Contains("Hugh Laurie", Facts(i).Cast));
    }

    [Fact]
    public async Task Marvel_is_understood_without_the_word_comics()
    {
        var (_, list) = await AskAsync("something Marvel");

        Assert.Equal("Shows that fit: Marvel Comics", list.Heading);
        Assert.All(list.Items, i => Assert.Contains("Marvel Comics", Facts(i).Sources));
    }

    [Fact]
    public async Task A_place_that_shares_a_word_with_a_publisher_is_not_read_as_the_publisher()
    {
        var (_, list) = await AskAsync("political dramas set in Washington DC");

        Assert.DoesNotContain("DC Comics", list.Heading, StringComparison.Ordinal);
        Assert.DoesNotContain(list.Items, i => Facts(i).Sources.Contains("DC Comics"));
    }

    [Fact]
    public async Task Nineties_sitcoms_are_sitcoms_that_aired_in_the_nineties_best_first()
    {
        var (_, list) = await AskAsync("90s sitcoms");

        Assert.All(list.Items, i =>
        {
            Assert.Contains("sitcom", Facts(i).Formats);
            Assert.True(i.Show.StartYear <= 1999 && (i.Show.EndYear is null || i.Show.EndYear >= 1990), $"{i.Show.Title} {i.Show.Years}");
        });
        Assert.Contains(list.Items.Take(3), i => i.Show.Title is "Friends" or "Seinfeld");
    }

    [Fact]
    public async Task Words_with_no_show_given_list_only_shows_that_meet_something_asked_even_if_fewer()
    {
        var (_, list) = await AskAsync("2000s anime", genre: "Comedy");

        Assert.InRange(list.Items.Count, 1, 5);
        Assert.All(list.Items, i =>
        {
            Assert.Contains("anime", Facts(i).Formats);
            Assert.Contains("Comedy", i.Show.Genres);
        });
    }

    [Fact]
    public async Task Best_crime_dramas_lists_well_known_crime_dramas()
    {
        var (_, list) = await AskAsync("best crime dramas");

        Assert.All(list.Items, i => Assert.Superset(new HashSet<string> { "Crime", "Drama" }, i.Show.Genres.ToHashSet()));
        Assert.All(list.Items, i => Assert.True(i.Show.ImdbVotes >= 100_000, $"{i.Show.Title} is not well known"));
    }

    [Theory]
    [InlineData("Horror")]
    [InlineData("horror")]
    public async Task A_genre_with_no_titles_browses_the_best_of_that_genre(string genre)
    {
        var (ack, list) = await AskAsync("", genre);

        Assert.Equal("Looking for the best shows that fit: Horror…", ack.Text);
        Assert.Equal("Shows that fit: Horror", list.Heading);
        Assert.All(list.Items, i => Assert.Contains("Horror", i.Show.Genres));
        Assert.Empty(list.BasedOn);
    }

    [Theory]
    [InlineData("scifi")]
    [InlineData("sci fi")]
    [InlineData("Science Fiction")]
    [InlineData("SCI-FI")]
    public void Genre_names_are_forgiving(string typed)
    {
        Assert.Equal("Sci-Fi", GenreNames.Resolve(BuiltIn.Genres, typed));
    }

    [Fact]
    public async Task An_unknown_reference_show_is_said_so_and_the_rest_of_the_request_is_answered()
    {
        var (ack, list) = await AskAsync("something like Zzyzx Road Chronicles but darker");

        Assert.Matches("I (couldn't find|skipped) \"Zzyzx Road Chronicles\"", ack.Text);
        Assert.Equal("Shows that fit: darker", list.Heading);
        Assert.All(list.Items, i => Assert.Contains("dark", Facts(i).Tags));
    }

    [Fact]
    public void Words_that_mean_nothing_get_a_did_you_mean_and_queue_nothing()
    {
        using var core = new CoreFixture(catalog: BuiltIn);

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "qwxz vvbn"));

        Assert.False(result.Queued);
        Assert.IsType<DidYouMeanReply>(result.Reply);
        Assert.Equal(0, core.Queue.CountOutstanding());
    }

    [Fact]
    public void Huge_or_odd_input_is_read_without_failing()
    {
        var words = new RequestInterpreter(BuiltIn, ShowKnowledge.BuiltIn);

        var huge = words.Interpret(string.Concat(Enumerable.Repeat("a cozy British murder mystery ", 5_000)));
        var odd = words.Interpret("\u0000cozy\uFFFE\u202E British\t\r\n murder\u200B mystery 🎬");

        Assert.Contains("tag:cozy", huge.Wanted);
        Assert.Equal(["cozy", "British"], odd.Understood.Take(2));
    }

    [Fact]
    public void A_real_title_is_a_title_even_when_its_words_are_in_the_vocabulary()
    {
        var words = new RequestInterpreter(BuiltIn, ShowKnowledge.BuiltIn);
        using var core = new CoreFixture(catalog: BuiltIn);

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Dark"));

        Assert.True(words.Interpret("Dark").IsUnderstood);
        Assert.Equal("Looking for shows like Dark…", Assert.IsType<TextReply>(result.Reply).Text);
    }
}
