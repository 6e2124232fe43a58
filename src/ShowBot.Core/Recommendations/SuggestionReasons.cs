using ShowBot.Core.Catalog;
using ShowBot.Recommender.Content;

namespace ShowBot.Core.Recommendations;

/// <summary>Says in words why a show was suggested, from the facts it shares with the show it follows from.</summary>
public static class SuggestionReasons
{
    private const int MaxTags = 3;

    /// <summary>
    /// "a spin-off of Breaking Bad", "same creator (Vince Gilligan)", "also dark, anti-hero, drugs": a relation first
    /// (so a remake or a franchise entry is said so), then shared creators, sources and cast, then the strongest shared tags.
    /// </summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<ContentFeature>? evidence, Show? because)
    {
        if (evidence is null || evidence.Count == 0)
        {
            return [];
        }

        var reasons = new List<string>();
        var other = because?.Title ?? "it";
        foreach (var link in evidence.Where(e => e.Kind == FeatureKinds.Link))
        {
            reasons.Add(link.Value switch
            {
                "spin-off-of" => $"a spin-off of {other}",
                "has-spin-off" => $"{other} is its spin-off",
                "sequel-to" => $"the sequel to {other}",
                "has-sequel" => $"{other} is its sequel",
                "prequel-to" => $"the prequel to {other}",
                "has-prequel" => $"{other} is its prequel",
                "remake-of" => $"a remake of {other}",
                "remade-as" => $"the original that {other} remade",
                _ => $"same franchise as {other}",
            });
        }

        // People and publishers are named as written, all of them, in one reason per kind.
        void AddNames(string kind, Func<string, string> reason)
        {
            var names = evidence.Where(e => e.Kind == kind).Select(e => e.Value).ToList();
            if (names.Count > 0)
            {
                reasons.Add(reason(string.Join(", ", names)));
            }
        }

        AddNames(FeatureKinds.Creator, names => $"same creator ({names})");
        AddNames(FeatureKinds.Source, names => $"also adapted from {names}");
        AddNames(FeatureKinds.Cast, names => $"also with {names}");

        var tags = evidence.Where(e => e.Kind == FeatureKinds.Tag).Take(MaxTags).Select(Name).ToList();
        if (tags.Count > 0)
        {
            reasons.Add("also " + string.Join(", ", tags));
        }

        if (reasons.Count == 0 && Origin(evidence) is { Count: > 0 } origin)
        {
            reasons.Add("also " + string.Join(", ", origin));
        }

        return reasons;
    }

    // With nothing in common to name but where a show comes from, that is said: a country or language other than the
    // catalog's usual American English ("German", "in Korean"), the channel, or else the genres.
    private static List<string> Origin(IReadOnlyList<ContentFeature> evidence)
    {
        var origin = new List<string>();
        var place = evidence.Where(e => e.Kind == FeatureKinds.Country && e.Value != "US")
            .Concat(evidence.Where(e => e.Kind == FeatureKinds.Language && e.Value != "en"))
            .Take(1);
        origin.AddRange(place.Select(Name));
        origin.AddRange(evidence.Where(e => e.Kind == FeatureKinds.Network).Take(1).Select(e => "from " + e.Value));

        if (origin.Count == 0)
        {
            origin.AddRange(evidence.Where(e => e.Kind == FeatureKinds.Genre).Select(Name));
        }

        return origin;
    }

    /// <summary>A feature as a person says it: "dark comedy", "crime", "British", "limited series", "HBO".</summary>
    public static string Name(ContentFeature feature) => feature.Kind switch
    {
        FeatureKinds.Country => Countries.GetValueOrDefault(feature.Value, feature.Value),
        FeatureKinds.Language => Languages.GetValueOrDefault(feature.Value, feature.Value),
        FeatureKinds.Network or FeatureKinds.Creator or FeatureKinds.Source or FeatureKinds.Cast => feature.Value,
        _ => feature.Value.Replace('-', ' ').ToLowerInvariant(),
    };

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "American",
        ["GB"] = "British",
        ["JP"] = "Japanese",
        ["KR"] = "Korean",
        ["ES"] = "Spanish",
        ["DE"] = "German",
        ["FR"] = "French",
        ["IT"] = "Italian",
        ["DK"] = "Danish",
        ["SE"] = "Swedish",
        ["NO"] = "Norwegian",
        ["AU"] = "Australian",
        ["CA"] = "Canadian",
        ["IN"] = "Indian",
        ["TR"] = "Turkish",
        ["MX"] = "Mexican",
        ["IE"] = "Irish",
        ["IL"] = "Israeli",
        ["BR"] = "Brazilian",
        ["IS"] = "Icelandic",
        ["FI"] = "Finnish",
        ["BE"] = "Belgian",
        ["NL"] = "Dutch",
        ["PL"] = "Polish",
    };

    private static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "in English",
        ["ja"] = "in Japanese",
        ["ko"] = "in Korean",
        ["es"] = "in Spanish",
        ["de"] = "in German",
        ["fr"] = "in French",
        ["it"] = "in Italian",
        ["da"] = "in Danish",
        ["sv"] = "in Swedish",
        ["no"] = "in Norwegian",
        ["hi"] = "in Hindi",
        ["tr"] = "in Turkish",
        ["pt"] = "in Portuguese",
    };
}
