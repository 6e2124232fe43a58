using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;

namespace ShowBot.Core.Tests.Knowledge;

/// <summary>The integrity of the knowledge shipped with ShowBot: every built-in show described, in the vocabulary, linked to known shows.</summary>
public partial class ShowKnowledgeDataTests
{
    private static readonly ShowKnowledge Knowledge = ShowKnowledge.BuiltIn;
    private static readonly Dictionary<string, Show> Catalog = CatalogCsv.BuiltIn().ToDictionary(s => s.Id);

    [Fact]
    public void Every_built_in_show_has_facts_and_every_fact_is_a_built_in_show()
    {
        var described = Knowledge.Facts.Select(f => f.Id).ToHashSet();

        Assert.Empty(Catalog.Keys.Where(id => !described.Contains(id)).Order());
        Assert.Empty(described.Where(id => !Catalog.ContainsKey(id)).Order());
    }

    [Fact]
    public void No_show_is_described_twice()
    {
        var ids = ShowKnowledgeFiles().SelectMany(file => file.Facts.Select(f => f.Id)).ToList();

        Assert.Empty(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Tags_come_from_the_vocabulary_five_to_twelve_a_show_besides_its_lead_or_none_where_we_are_unsure()
    {
        var vocabulary = Knowledge.Tags.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var leads = Knowledge.Tags.Where(t => t.Category == "lead").Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Knowledge.Facts, f =>
        {
            Assert.All(f.Tags, t => Assert.Contains(t, vocabulary));
            var describing = f.Tags.Count(t => !leads.Contains(t));
            Assert.True(describing is 0 or (>= 5 and <= 12), $"{f.Id}: {describing} tags");
            Assert.True(describing > 0 || f.Tags.Count == 0, $"{f.Id}: a lead tag but nothing else");
            Assert.Equal(f.Tags.Count, f.Tags.Distinct().Count());
        });
    }

    [Fact]
    public void A_show_is_never_for_small_children_and_for_adults_only_at_once()
    {
        Assert.All(Knowledge.Facts, f =>
        {
            Assert.False(f.Tags.Contains("kids") && f.Tags.Contains("adult"), $"{f.Id} {f.Title}: kids and adult");
            Assert.False(f.Tags.Contains("family-friendly") && f.Tags.Contains("adult"), $"{f.Id} {f.Title}: family-friendly and adult");
        });
    }

    [Fact]
    public void A_lead_is_said_only_of_a_story_never_of_a_reality_talk_game_or_documentary_show()
    {
        string[] unscripted = ["reality", "competition", "talk-show", "game-show", "docuseries", "variety", "sketch-comedy"];

        Assert.All(Knowledge.Facts.Where(f => f.Tags.Contains("female-led")), f =>
            Assert.False(f.Formats.Intersect(unscripted).Any(), $"{f.Id} {f.Title}: {string.Join(", ", f.Formats)}"));
    }

    [Fact]
    public void The_vocabulary_has_unique_tags_in_known_categories_with_words_people_use()
    {
        string[] categories = ["tone", "theme", "setting", "era", "audience", "lead", "style"];

        Assert.Equal(Knowledge.Tags.Count, Knowledge.Tags.Select(t => t.Name).Distinct().Count());
        Assert.All(Knowledge.Tags, t =>
        {
            Assert.Contains(t.Category, categories);
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", t.Name);
            Assert.NotEmpty(t.Words);
        });
    }

    [Fact]
    public void Formats_countries_and_languages_are_from_their_lists()
    {
        Assert.All(Knowledge.Facts, f =>
        {
            Assert.InRange(f.Formats.Count, 0, 2);
            Assert.All(f.Formats, format => Assert.Contains(format, ShowKnowledge.Formats));
            Assert.All(f.Countries, c => Assert.Matches(CountryCode(), c));
            Assert.True(f.Language is null || LanguageCode().IsMatch(f.Language), $"{f.Id}: language {f.Language}");
        });
    }

    [Fact]
    public void Premises_are_one_sentence_or_left_empty_and_fields_hold_no_stray_text()
    {
        Assert.True(Knowledge.Facts.Count(f => f.Premise.Length == 0) <= 5, "premises are left empty only for the odd show we could not confirm");
        Assert.All(Knowledge.Facts, f =>
        {
            Assert.True(f.Premise.Length is 0 or (>= 10 and <= 200), $"{f.Id}: premise of {f.Premise.Length} characters");
            Assert.DoesNotContain('\t', f.Premise);
            Assert.All(f.Creators, c => Assert.DoesNotContain(';', c));
            Assert.True(f.Network is null || f.Network.Length <= 40, $"{f.Id}: network {f.Network}");
        });
    }

    [Fact]
    public void Each_source_is_written_one_way_so_shows_adapted_from_the_same_author_or_publisher_share_it()
    {
        var sources = Knowledge.Facts.SelectMany(f => f.Sources).Distinct(StringComparer.Ordinal).ToList();

        Assert.True(sources.Count >= 200, $"only {sources.Count} sources written down");
        Assert.All(sources, s => Assert.True(s.Length is >= 2 and <= 60 && !s.Contains(';') && s == s.Trim(), $"source \"{s}\""));
        Assert.Empty(WrittenTwoWays(sources));
    }

    [Fact]
    public void A_cast_names_at_most_four_people_each_written_one_way_so_shows_with_the_same_actor_share_them()
    {
        var people = Knowledge.Facts.SelectMany(f => f.Cast).Distinct(StringComparer.Ordinal).ToList();

        Assert.True(Knowledge.Facts.Count(f => f.Cast.Count > 0) >= 1200, "a cast is written for most shows");
        Assert.All(Knowledge.Facts, f => Assert.True(f.Cast.Count <= 4 && f.Cast.Distinct(StringComparer.Ordinal).Count() == f.Cast.Count, $"{f.Id}: cast {string.Join(";", f.Cast)}"));
        Assert.All(Knowledge.Facts.Where(f => f.Formats.Contains("anime")), f => Assert.Empty(f.Cast));
        Assert.All(people, p => Assert.True(p.Length is >= 2 and <= 60 && p == p.Trim(), $"person \"{p}\""));
        Assert.Empty(PeopleWrittenTwoWays(people));
    }

    [Fact]
    public void Each_creator_is_written_one_way_so_shows_by_the_same_person_share_them()
    {
        Assert.Empty(PeopleWrittenTwoWays(Knowledge.Facts.SelectMany(f => f.Creators).Distinct(StringComparer.Ordinal)));
    }

    [Fact]
    public void Links_go_to_other_built_in_shows_and_their_years_agree()
    {
        Assert.All(Knowledge.Facts.SelectMany(f => f.Links.Select(l => (From: f.Id, Link: l))), x =>
        {
            Assert.NotEqual(x.From, x.Link.TargetId);
            Assert.True(Catalog.ContainsKey(x.Link.TargetId), $"{x.From} links to unknown {x.Link.TargetId}");
            Assert.Contains(x.Link.Kind, ShowLink.Kinds);
            var (from, to) = (Catalog[x.From].StartYear, Catalog[x.Link.TargetId].StartYear);
            if (x.Link.Kind is "spin-off-of" or "sequel-to" or "remake-of" && from is not null && to is not null)
            {
                Assert.True(from >= to, $"{x.From} ({from}) is a {x.Link.Kind} {x.Link.TargetId} ({to}) but started earlier");
            }
        });
    }

    [Fact]
    public void Catalog_years_are_consistent()
    {
        Assert.All(Catalog.Values, s => Assert.True(s.EndYear is null || s.StartYear <= s.EndYear, $"{s.Id}: {s.Years}"));
    }

    [Fact]
    public void Knowledge_titles_name_the_same_show_as_the_catalog()
    {
        Assert.All(Knowledge.Facts, f => Assert.Equal(Catalog[f.Id].Title, f.Title));
    }

    [Fact]
    public void The_built_in_catalog_holds_at_least_1500_shows()
    {
        Assert.True(Catalog.Count >= 1500, $"only {Catalog.Count} shows");
    }

    [Fact]
    public void A_malformed_row_names_its_file_and_line()
    {
        const string text = "id\ttitle\tcreators\tnetwork\tcountry\tlanguage\tformat\ttags\tlinks\tsource\tcast\tpremise\ntt0903747\tBreaking Bad\tVince Gilligan\n";

        var error = Assert.Throws<InvalidDataException>(() => ShowKnowledge.ReadFacts(new StringReader(text), "shows-99.tsv").ToList());

        Assert.StartsWith("shows-99.tsv:2:", error.Message);
    }

    private static IEnumerable<(string Name, List<ShowFacts> Facts)> ShowKnowledgeFiles()
    {
        var assembly = typeof(ShowKnowledge).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("ShowBot.Core.Knowledge.shows-", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (name, ShowKnowledge.ReadFacts(reader, name).ToList());
        }
    }

    // "J.K. Rowling" and "J. K. Rowling", "Zoe" and "Zoë": one name written two ways.
    private static IEnumerable<string> WrittenTwoWays(IEnumerable<string> names) =>
        names.GroupBy(n => LettersOnly().Replace(Folded(n), ""))
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" | ", g));

    // Lower case, accents off.
    private static string Folded(string name) =>
        new string(name.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).ToLowerInvariant();

    // "J.J. Abrams" and "J. J. Abrams", or "Anthony Stewart Head" and "Anthony Head": one person, credited with and
    // without a middle name, unless known apart.
    private static IEnumerable<string> PeopleWrittenTwoWays(IEnumerable<string> people)
    {
        var distinct = people.ToList();
        return WrittenTwoWays(distinct).Concat(distinct
            .GroupBy(p => { var words = Folded(p).Split(' ', StringSplitOptions.RemoveEmptyEntries); return $"{words[0]} {words[^1]}"; })
            .Where(g => g.Count() > 1 && !NamesakesWithMiddleNames.Any(n => g.Order(StringComparer.Ordinal).SequenceEqual(n)))
            .Select(g => string.Join(" | ", g)));
    }

    // Not known to be one person: the actor of Oscar Goldman and MacGyver's; Leverage's creator and a Royal Pains creator.
    private static readonly string[][] NamesakesWithMiddleNames = [["Richard Anderson", "Richard Dean Anderson"], ["John P. Rogers", "John Rogers"]];

    [GeneratedRegex(@"[^\p{L}]")]
    private static partial Regex LettersOnly();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguageCode();
}
