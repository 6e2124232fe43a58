using ShowBot.Core.Catalog;
using ShowBot.Core.Knowledge;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Recommendations;

/// <summary>Turns the catalog and the show knowledge into the content models' inputs.</summary>
public static class ShowContent
{
    /// <summary>The knowledge model over a catalog: written facts where we have them, genres, years and popularity for every show.</summary>
    public static KnowledgeModel Knowledge(ShowCatalog catalog, ShowKnowledge knowledge, ContentWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(knowledge);
        var tagKinds = knowledge.Tags.ToDictionary(t => t.Name, FeatureKinds.Of, StringComparer.Ordinal);

        // A show still running has run until the newest year the catalog knows of.
        var latest = catalog.Shows.Select(s => s.EndYear ?? s.StartYear ?? 0).DefaultIfEmpty(0).Max();
        var items = catalog.Shows.Select(s =>
        {
            var facts = knowledge.Find(s.Id);
            return new ContentItem(s.Id, Features(s, facts, tagKinds), s.ImdbVotes ?? 0)
            {
                Quality = s.ImdbRating,
                Year = s.StartYear,
                RunYears = s.StartYear is { } start ? Math.Max(1, (s.EndYear ?? latest) - start + 1) : null,
                Certainty = facts is null ? UndescribedCertainty : 1,
            };
        });
        var links = knowledge.Facts.SelectMany(f => f.Links.Select(l => new ContentLink(f.Id, l.TargetId, l.Kind)));
        return new KnowledgeModel(items, links, (weights ?? new ContentWeights()) with { Clashes = [.. AudienceClashes, StoriesAndRealLife], Requirements = [.. ForChildren, .. FromLiveAction] });
    }

    /// <summary>Today's genre baseline, kept to measure the knowledge model against: popularity blended with genre cosine.</summary>
    public static ContentPopularityModel Genres(ShowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ContentPopularityModel(catalog.Shows.Select(s => new ItemProfile(s.Id, s.Genres, s.ImdbVotes ?? 0)));
    }

    // An imported show nobody described is compared by genres and years alone: a coarse likeness, trusted this much.
    private const double UndescribedCertainty = 0.6;

    // A channel that changed its name is still the same channel, with the same audience: the facts keep the name the
    // show premiered under, the comparison uses today's.
    private static readonly Dictionary<string, string> RenamedNetworks = new(StringComparer.Ordinal)
    {
        ["Sci-Fi Channel"] = "Syfy",
        ["ABC Family"] = "Freeform",
        ["CBS All Access"] = "Paramount+",
        ["Hotstar"] = "Disney+ Hotstar",
        ["IMDb TV"] = "Amazon Freevee",
        ["Sky 1"] = "Sky One",
        ["Spike"] = "Paramount Network",
    };

    // A show made for small children brings only shows known to be made for children or for families: a show with no
    // audience written down may be anything, and a parent asking after Bluey must not be offered Please Like Me.
    private static readonly (ContentFeature, IReadOnlyList<ContentFeature>, float?)[] ForChildren =
    [
        (new ContentFeature(FeatureKinds.Audience, "kids"), [new ContentFeature(FeatureKinds.Audience, "kids"), new ContentFeature(FeatureKinds.Audience, "family-friendly")], null),
    ];

    // Someone who liked a live-action show is seldom after a cartoon (Ally McBeal brought Cow and Chicken): an animated
    // show loses a little, so only one very like it comes through (The Gifted still brings X-Men: The Animated Series). The
    // other way round, people often call a live-action show like a cartoon they like. Of the similar-show lists' pairs
    // from a live-action show, 7 in 802 go to an animated one; the knowledge model's top 10 gave them 96 places.
    private static readonly (ContentFeature, IReadOnlyList<ContentFeature>, float?)[] FromLiveAction =
    [
        (new ContentFeature(FeatureKinds.Form, LiveAction), [new ContentFeature(FeatureKinds.Form, LiveAction)], 0.1f),
    ];

    // A show made for children is never suggested beside one for adults only, whichever was liked.
    private static readonly (ContentFeature, ContentFeature)[] AudienceClashes =
    [
        .. new[] { new ContentFeature(FeatureKinds.Audience, "adult"), new(FeatureKinds.Tag, "gory"), new(FeatureKinds.Tag, "raunchy"), new(FeatureKinds.Tag, "sexuality") }
            .Select(mature => (new ContentFeature(FeatureKinds.Audience, "kids"), mature)),
    ];

    // Someone who liked a story is not after a documentary or a reality show, nor the other way round: The Crown
    // must not bring The Last Dance.
    private static readonly (ContentFeature, ContentFeature) StoriesAndRealLife =
        (new ContentFeature(FeatureKinds.Nature, Scripted), new ContentFeature(FeatureKinds.Nature, Unscripted));

    private const string Scripted = "scripted";
    private const string Unscripted = "unscripted";
    private const string LiveAction = "live-action";
    private const string Animated = "animated";

    private static readonly HashSet<string> UnscriptedFormats = new(["docuseries", "reality", "competition", "talk-show", "game-show", "variety"], StringComparer.Ordinal);
    private static readonly HashSet<string> UnscriptedGenres = new(["Documentary", "Reality-TV", "Talk-Show", "Game-Show", "News"], StringComparer.OrdinalIgnoreCase);

    private static List<ContentFeature> Features(Show show, ShowFacts? facts, Dictionary<string, string> tagKinds)
    {
        var features = show.Genres.Select(g => new ContentFeature(FeatureKinds.Genre, g)).ToList();
        var formats = facts?.Formats ?? [];
        if (show.Genres.Count > 0 || formats.Count > 0)
        {
            var unscripted = show.Genres.Any(UnscriptedGenres.Contains) || formats.Any(UnscriptedFormats.Contains);
            var animated = show.Genres.Contains("Animation", StringComparer.OrdinalIgnoreCase) || formats.Any(f => f is "animated" or "anime");
            features.Add(new ContentFeature(FeatureKinds.Nature, unscripted ? Unscripted : Scripted));
            features.Add(new ContentFeature(FeatureKinds.Form, animated ? Animated : LiveAction));
        }

        if (facts is null)
        {
            return features;
        }

        features.AddRange(facts.Tags.Select(t => new ContentFeature(tagKinds.GetValueOrDefault(t, FeatureKinds.Tag), t)));
        features.AddRange(facts.Creators.Select(c => new ContentFeature(FeatureKinds.Creator, c)));
        features.AddRange(facts.Sources.Select(s => new ContentFeature(FeatureKinds.Source, s)));
        features.AddRange(facts.Cast.Select(c => new ContentFeature(FeatureKinds.Cast, c)));
        features.AddRange(facts.Formats.Select(f => new ContentFeature(FeatureKinds.Format, f)));
        features.AddRange(facts.Countries.Take(1).Select(c => new ContentFeature(FeatureKinds.Country, c)));
        if (facts.Network is { } network)
        {
            features.Add(new ContentFeature(FeatureKinds.Network, RenamedNetworks.GetValueOrDefault(network, network)));
        }

        if (facts.Language is { } language)
        {
            features.Add(new ContentFeature(FeatureKinds.Language, language));
        }

        return features;
    }
}

/// <summary>The feature kinds ShowBot gives the knowledge model.</summary>
public static class FeatureKinds
{
    /// <summary>An IMDb genre.</summary>
    public const string Genre = "genre";

    /// <summary>A tag of the controlled vocabulary.</summary>
    public const string Tag = "tag";

    /// <summary>An audience tag of the vocabulary (kids, teen, family-friendly, adult).</summary>
    public const string Audience = "audience";

    /// <summary>A lead tag of the vocabulary (female-led): who the story follows.</summary>
    public const string Lead = "lead";

    /// <summary>A creator or showrunner.</summary>
    public const string Creator = "creator";

    /// <summary>Who made the work a show adapts (an author, a comics publisher).</summary>
    public const string Source = "source";

    /// <summary>Someone a fan sees in a show: a lead, a host, a principal voice.</summary>
    public const string Cast = "cast";

    /// <summary>Whether a show tells a story or films real life (<c>scripted</c>, <c>unscripted</c>): a clash only, never a likeness.</summary>
    public const string Nature = "nature";

    /// <summary>Whether a show is animated or live action (<c>animated</c>, <c>live-action</c>): a requirement only, never a likeness.</summary>
    public const string Form = "form";

    /// <summary>The original network or platform.</summary>
    public const string Network = "network";

    /// <summary>The main producing country.</summary>
    public const string Country = "country";

    /// <summary>The original language.</summary>
    public const string Language = "language";

    /// <summary>The format (sitcom, procedural…).</summary>
    public const string Format = "format";

    /// <summary>A relation between two shows (evidence only).</summary>
    public const string Link = ContentFeature.LinkKind;

    // Who a show is for (kids, teens, adults, families) and whom it follows decide who watches it together more than
    // any theme does, so the vocabulary's audience and lead tags are kinds of their own, with their own weights.

    /// <summary>The kind a vocabulary tag is compared as, by its category.</summary>
    public static string Of(Tag tag) => tag.Category switch
    {
        "audience" => Audience,
        "lead" => Lead,
        _ => FeatureKinds.Tag,
    };
}
