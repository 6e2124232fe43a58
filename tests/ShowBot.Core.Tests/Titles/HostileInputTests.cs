using ShowBot.Core.Catalog;
using ShowBot.Core.Chat;
using ShowBot.Core.Knowledge;
using ShowBot.Core.Ratings;
using ShowBot.Core.Tests.Fakes;

namespace ShowBot.Core.Tests.Titles;

/// <summary>
/// The matcher, the list splitter, autocomplete, the interpreter of requests in words and the command handler, fed
/// what an attacker or a broken file would feed them (the fuzzing found three crashes in 555,000 strings, all U+FFFE).
/// </summary>
public class HostileInputTests
{
    private const int Strings = 50_000;

    [Fact]
    public void Fifty_thousand_hostile_strings_never_crash_matching_splitting_autocomplete_or_requests_in_words()
    {
        var hostile = new HostileText(seed: 10);
        // Hostile titles, aliases and genres in the catalog itself, as an imported file could bring them.
        var imported = Enumerable.Range(0, 20)
            .Select(i => new Show($"tt9{i:D6}", hostile.NextTitle(), 2000 + i, null, [hostile.NextTitle()]) { Aliases = [hostile.NextTitle()] });
        var catalog = new ShowCatalog([.. SampleCatalog.All, .. imported]);
        var words = new RequestInterpreter(catalog, ShowKnowledge.BuiltIn);
        using var core = new CoreFixture(catalog: catalog);

        for (var i = 0; i < Strings; i++)
        {
            var text = hostile.Next();
            try
            {
                _ = catalog.Matcher.Match(text);
                _ = catalog.Matcher.Autocomplete(text, 25);
                // The costlier paths on a share of the strings, so the test stays within seconds.
                if (i % 5 == 0)
                {
                    _ = catalog.Matcher.SplitList(text);
                }

                if (i % 50 == 0)
                {
                    _ = words.Interpret(text);
                    _ = core.Commands.Recommend(CoreFixture.Recommend($"fuzz-{i}", text) with { Genre = i % 100 == 0 ? text : null });
                    _ = core.Commands.Rate(CoreFixture.Alice, text, RatingKind.Like);
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"string #{i} (seed 10) failed: {HostileText.Escape(text)}\n{ex}");
            }
        }

        Assert.All(catalog.Shows, show => Assert.Empty(DisplayInvariants.Violations(show.Title, lineBreaksAllowed: false)));
    }

    [Fact]
    public void Typed_text_with_terminal_escapes_and_noncharacters_still_names_the_show()
    {
        using var core = new CoreFixture();

        var result = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "\u001B[2JBreaking\uFFFEBad\u202E\u0007, The\u200B Wire"));
        var rated = core.Commands.Rate(CoreFixture.Alice, "Far\u200Bgo\u0000", RatingKind.Like);

        Assert.True(result.Queued);
        Assert.Equal("Looking for shows like Breaking Bad, The Wire…", Assert.IsType<TextReply>(result.Reply).Text);
        Assert.Equal("Noted: you like Fargo (2014–).", Assert.IsType<TextReply>(rated).Text);
    }

    [Fact]
    public void What_is_echoed_back_from_typed_text_is_one_clean_line()
    {
        using var core = new CoreFixture();

        var genre = core.Commands.Recommend(CoreFixture.Recommend("cmd-1", "Fargo") with { Genre = "Dra\u202Ema\n[#99] Because you like\u001B[2J" });
        var unknown = core.Commands.Recommend(CoreFixture.Recommend("cmd-2", "Fargo; Zzyzx\u0007\u202E Road"));

        var genreText = Assert.IsType<TextReply>(genre.Reply).Text;
        Assert.StartsWith("I don't know the genre \"Drama [#99] Because you like [2J\".", genreText, StringComparison.Ordinal);
        Assert.Contains("I couldn't find \"Zzyzx Road\".", Assert.IsType<TextReply>(unknown.Reply).Text, StringComparison.Ordinal);
    }
}
